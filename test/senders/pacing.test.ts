import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkProviderSettings } from '../../src/channels/providers';
import { findSenderAccount, upsertSenderAccount } from '../../src/db/senderAccounts';
import { readSendersFile, type SendersFileError } from '../../src/senders/file';
import { pacingOf, spacingMs } from '../../src/senders/pacing';
import { isolatedDb } from '../support/database';

const dir = mkdtempSync(path.join(tmpdir(), 'outreach-pacing-'));

describe('sender account pacing', () => {
  it('spaces sends by the largest of the interval and each cap over its window, counting the burst against the caps', () => {
    assert.equal(spacingMs({ hourlyCap: 20, dailyCap: 300 }, { minIntervalMs: 0, burst: 1 }), 288_000, '24h / 300');
    assert.equal(spacingMs({ hourlyCap: 60, dailyCap: 1440 }, { minIntervalMs: 0, burst: 1 }), 60_000, '1h / 60');
    assert.equal(spacingMs({ hourlyCap: 60, dailyCap: 1440 }, { minIntervalMs: 90_000, burst: 1 }), 90_000, 'the interval');
    assert.equal(spacingMs({ hourlyCap: 4, dailyCap: 96 }, { minIntervalMs: 0, burst: 3 }), 1_800_000, '1h / (4 - 3 + 1)');
  });

  it('takes the provider defaults (X slowest), fits the burst to the hourly cap, and leaves the sandbox unpaced unless set', () => {
    const account = (channel: 'x' | 'email', provider: string, extra = {}) => pacingOf({ channel, provider, hourlyCap: 20, dailyCap: 300, ...extra });
    assert.deepEqual(account('x', 'x-api'), { minIntervalMs: 180_000, burst: 2 });
    assert.deepEqual(account('email', 'smtp-imap'), { minIntervalMs: 10_000, burst: 5 });
    assert.deepEqual(pacingOf({ channel: 'email', provider: 'smtp-imap', hourlyCap: 3, dailyCap: 30 }), { minIntervalMs: 10_000, burst: 3 });
    assert.deepEqual(account('x', 'x-api', { burst: 1 }), { minIntervalMs: 180_000, burst: 1 });
    assert.equal(account('x', 'sandbox'), null);
    assert.deepEqual(account('x', 'sandbox', { minIntervalMs: 5000 }), { minIntervalMs: 5000, burst: 1 });
  });

  it('reads pacing from the senders file and refuses a bad one by line and field', async () => {
    const senders = path.join(dir, 'pacing.yaml');
    writeFileSync(senders, `accounts:
  - { channel: x, provider: sandbox, handle: paced, hourly_cap: 10, daily_cap: 100, pacing: { min_interval: 90s, burst: 3 } }
  - { channel: x, provider: sandbox, handle: plain }
`);
    const [paced, plain] = readSendersFile(senders, checkProviderSettings);
    assert.deepEqual([paced?.minIntervalMs, paced?.burst], [90_000, 3]);
    assert.deepEqual([plain?.minIntervalMs, plain?.burst], [null, null]);
    const db = await isolatedDb();
    await upsertSenderAccount(db, paced!);
    const stored = await findSenderAccount(db, 'x', 'paced');
    assert.deepEqual([stored?.minIntervalMs, stored?.burst], [90_000, 3]);

    writeFileSync(senders, `accounts:
  - { channel: x, provider: sandbox, handle: a, hourly_cap: 2, daily_cap: 20, pacing: { burst: 3 } }
  - { channel: x, provider: sandbox, handle: b, pacing: { min_interval: soon } }
  - { channel: x, provider: sandbox, handle: c, pacing: { min_interval: 2d, burst: 0, every: 3 } }
`);
    assert.throws(() => readSendersFile(senders, checkProviderSettings), (error: SendersFileError) => {
      assert.deepEqual(error.problems.map((p) => `${p.line}: ${p.path}: ${p.message}`), [
        '3: accounts[1].pacing.min_interval: "soon" is not a duration from 0s to 24h (write a number and a unit: 90s, 3m)',
        '4: accounts[2].pacing.min_interval: "2d" is not a duration from 0s to 24h (write a number and a unit: 90s, 3m)',
        '4: accounts[2].pacing.burst: must be at least 1',
        '4: accounts[2].pacing: Unrecognized key: "every"',
      ]);
      return true;
    });
    writeFileSync(senders, `accounts:
  - { channel: x, provider: sandbox, handle: a, hourly_cap: 2, daily_cap: 20, pacing: { burst: 3 } }
`);
    assert.throws(() => readSendersFile(senders, checkProviderSettings), (error: SendersFileError) => {
      assert.deepEqual(error.problems.map((p) => `${p.line}: ${p.path}: ${p.message}`), [
        '2: accounts[0].pacing.burst: 3 is over hourly_cap 2; a burst can never send more than its hour',
      ]);
      return true;
    });
    await assert.rejects(
      upsertSenderAccount(db, { channel: 'x', provider: 'sandbox', handle: 'd', hourlyCap: 2, dailyCap: 20, burst: 3 }),
      /pacing\.burst: 3 is over hourly_cap 2/,
    );
  });
});
