import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { DEFAULT_CAPS } from '../../src/channels/default-caps';
import { checkProviderSettings } from '../../src/channels/providers';
import { migrateToLatest } from '../../src/db/knex';
import { findSenderAccount, upsertSenderAccount } from '../../src/db/senderAccounts';
import { CAP_CEILINGS, capProblems, capsWithDefaults, SANDBOX_CAP_CEILING } from '../../src/senders/caps';
import { readSendersFile, type SendersFileError } from '../../src/senders/file';
import { CHANNELS } from '../../src/sequences/model';
import { runCli } from '../support/cli';
import { scratchDb, testDb, testDbUrl } from '../support/database';
import { uniqueName } from '../support/journeys';
import { tableFingerprints } from '../support/tables';

const dir = mkdtempSync(path.join(tmpdir(), 'outreach-caps-'));
const MIGRATIONS = { directory: path.resolve(__dirname, '../../migrations'), loadExtensions: ['.ts'] };
const CAPS_MIGRATION = '20261201000400_sender_account_caps.ts';

const X_WHY = 'X allows about 500 DMs and 400 follows a day per account, and its DM endpoint 1,440 per 24 hours (60 an hour)';

describe('sender account caps', () => {
  it('refuse an hourly cap over the channel ceiling, over the daily cap, or a daily cap it can never reach', () => {
    const x = (hourlyCap: number, dailyCap: number) => capProblems({ channel: 'x', provider: 'x-api', hourlyCap, dailyCap });
    assert.deepEqual(x(1_000_000, 1), [{ field: 'hourly_cap', message: `1000000 is over the most an X account may send an hour, 60 (${X_WHY})` }]);
    assert.deepEqual(x(20, 501), [{ field: 'daily_cap', message: `501 is over the most an X account may send a day, 500 (${X_WHY})` }]);
    assert.deepEqual(x(10, 2), [{ field: 'hourly_cap', message: '10 is over daily_cap 2; an hour can never send more than its day (make hourly_cap at most daily_cap)' }]);
    assert.deepEqual(x(1, 100), [{
      field: 'daily_cap',
      message: '100 can never be reached with hourly_cap 1 (24 hours × 1 = 24); make daily_cap at most 24 or hourly_cap at least 5',
    }]);
    assert.deepEqual(x(0, 1.5), [
      { field: 'hourly_cap', message: '0 is not a whole number from 1' },
      { field: 'daily_cap', message: '1.5 is not a whole number from 1' },
    ]);
    assert.deepEqual(x(60, 500), []);
    assert.deepEqual(x(1, 24), []);
  });

  it('have a ceiling per channel from the providers\' limits, and a larger one for the sandbox', () => {
    assert.deepEqual(
      Object.fromEntries(CHANNELS.map((c) => [c, [CAP_CEILINGS[c].hourlyCap, CAP_CEILINGS[c].dailyCap]])),
      { x: [60, 500], linkedin: [20, 100], email: [500, 2000], xmtp: [3000, 20_000] },
    );
    for (const channel of CHANNELS) {
      const { hourlyCap, dailyCap } = CAP_CEILINGS[channel];
      assert.deepEqual(capProblems({ channel, provider: 'real', hourlyCap, dailyCap }), [], channel);
      assert.equal(capProblems({ channel, provider: 'real', hourlyCap: hourlyCap + 1, dailyCap })[0]?.field, 'hourly_cap', channel);
      assert.equal(capProblems({ channel, provider: 'real', hourlyCap, dailyCap: dailyCap + 1 })[0]?.field, 'daily_cap', channel);
      assert.deepEqual(capProblems({ channel, provider: 'sandbox', hourlyCap: 10_000, dailyCap: 100_000 }), [], `sandbox ${channel}`);
    }
    assert.deepEqual(capProblems({ channel: 'email', provider: 'sandbox', hourlyCap: 100_001, dailyCap: 1_000_000 }), [
      { field: 'hourly_cap', message: `100001 is over the most a sandbox account may send an hour, 100,000 (${SANDBOX_CAP_CEILING.why})` },
    ]);
  });

  it('default per channel within the rule, and fit a missing cap to the given one', () => {
    for (const channel of CHANNELS) assert.deepEqual(capProblems({ channel, provider: 'real', ...DEFAULT_CAPS[channel] }), [], channel);
    assert.deepEqual(capsWithDefaults('x', {}), { hourlyCap: 20, dailyCap: 300 });
    assert.deepEqual(capsWithDefaults('x', { hourlyCap: 5 }), { hourlyCap: 5, dailyCap: 120 });
    assert.deepEqual(capsWithDefaults('x', { dailyCap: 10 }), { hourlyCap: 10, dailyCap: 10 });
    assert.deepEqual(capsWithDefaults('x', { dailyCap: 500 }), { hourlyCap: 21, dailyCap: 500 });
    assert.deepEqual(capsWithDefaults('linkedin', { hourlyCap: 20 }), { hourlyCap: 20, dailyCap: 20 });
    assert.deepEqual(capsWithDefaults('linkedin', { hourlyCap: 2 }), { hourlyCap: 2, dailyCap: 14 });
  });

  it('are checked in a senders file with line and field', () => {
    const senders = path.join(dir, 'caps.yaml');
    writeFileSync(senders, `accounts:
  - channel: x
    provider: x-api
    handle: alice
    hourly_cap: 1000000
    daily_cap: 1
  - { channel: linkedin, provider: linkedin-gateway, handle: bob, daily_cap: 150 }
  - { channel: email, provider: sandbox, handle: c@example.com, hourly_cap: 1, daily_cap: 25 }
  - { channel: x, provider: sandbox, handle: dave, hourly_cap: 0 }
  - { channel: x, provider: x-api, handle: erin, hourly_cap: 5 }
`);
    assert.throws(() => readSendersFile(senders, checkProviderSettings), (error: SendersFileError) => {
      assert.deepEqual(error.problems, [
        { line: 9, path: 'accounts[3].hourly_cap', message: 'must be at least 1' },
      ]);
      return true;
    });
    writeFileSync(senders, readFileSync(senders, 'utf8').replace('hourly_cap: 0 }', 'hourly_cap: 2 }'));
    assert.throws(() => readSendersFile(senders, checkProviderSettings), (error: SendersFileError) => {
      assert.deepEqual(error.problems, [
        { line: 5, path: 'accounts[0].hourly_cap', message: `1000000 is over the most an X account may send an hour, 60 (${X_WHY})` },
        {
          line: 7,
          path: 'accounts[1].daily_cap',
          message: '150 is over the most a LinkedIn account may send a day, 100 (LinkedIn restricts accounts that send in bursts, and allows about 100 invitations a week)',
        },
        { line: 8, path: 'accounts[2].daily_cap', message: '25 can never be reached with hourly_cap 1 (24 hours × 1 = 24); make daily_cap at most 24 or hourly_cap at least 2' },
      ]);
      return true;
    });
  });

  it('are refused by upsertSenderAccount, whoever calls it, and nothing is stored', async () => {
    const db = await testDb();
    const handle = uniqueName('capped');
    await assert.rejects(upsertSenderAccount(db, { channel: 'x', provider: 'x-api', handle, hourlyCap: 1_000_000, dailyCap: 1 }), {
      name: 'InvalidSenderAccountError',
      message: `sender account x:${handle} is refused: hourly_cap: 1000000 is over the most an X account may send an hour, 60 (${X_WHY})`,
    });
    assert.equal(await findSenderAccount(db, 'x', handle), undefined);
  });

  it('are refused by the database itself, as a backstop under the code', async () => {
    const db = await testDb();
    const row = (hourly: number, daily: number) => ({ channel: 'x' as const, provider: 'sandbox', handle: uniqueName('raw'), hourly_cap: hourly, daily_cap: daily });
    await assert.rejects(db('sender_accounts').insert(row(10, 2)), /sender_accounts_hourly_within_daily/);
    await assert.rejects(db('sender_accounts').insert(row(1, 100)), /sender_accounts_daily_reachable/);
    await assert.rejects(db('sender_accounts').insert(row(0, 0)), /sender_accounts_caps_positive/);
    // 24 × hourly is computed in bigint: a huge hourly cap is judged by the rule, not an integer overflow.
    const huge = row(2_000_000_000, 2_000_000_000);
    await db('sender_accounts').insert(huge);
    await db('sender_accounts').where({ handle: huge.handle }).delete();
  });

  it('migrate: rows written before the rule are fitted without changing what they can send, and down drops the rule', async () => {
    const db: Knex = await scratchDb();
    await migrateToLatest(db);
    await db.migrate.down({ ...MIGRATIONS, name: CAPS_MIGRATION });
    const insert = async (hourly: number, daily: number) => {
      const [saved] = await db('sender_accounts').insert({ channel: 'x', provider: 'sandbox', handle: uniqueName('old'), hourly_cap: hourly, daily_cap: daily }).returning('id');
      return String(saved?.id);
    };
    const overDaily = await insert(10, 2);
    const unreachable = await insert(1, 100);
    const fine = await insert(20, 300);
    await db.migrate.up({ ...MIGRATIONS, name: CAPS_MIGRATION });
    const caps = async (id: string) => {
      const r = await db('sender_accounts').where({ id }).first();
      return [r?.hourly_cap, r?.daily_cap];
    };
    assert.deepEqual([await caps(overDaily), await caps(unreachable), await caps(fine)], [[2, 2], [1, 24], [20, 300]]);
    await db.migrate.down({ ...MIGRATIONS, name: CAPS_MIGRATION });
    await insert(10, 2);
    await db('sender_accounts').where('hourly_cap', '>', db.ref('daily_cap')).delete();
    await db.migrate.up({ ...MIGRATIONS, name: CAPS_MIGRATION });
  });

  it('sender apply with nonsense caps stores nothing', async () => {
    const db = await testDb();
    const senders = path.join(dir, 'apply-caps.yaml');
    writeFileSync(senders, `accounts:
  - { channel: x, provider: sandbox, handle: ${uniqueName('fine')} }
  - { channel: x, provider: x-api, handle: ${uniqueName('greedy')}, hourly_cap: 1000000, daily_cap: 1 }
`);
    const before = await tableFingerprints(db);
    const result = await runCli(['sender', 'apply', senders], { DATABASE_URL: await testDbUrl() });
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `outreach: ${senders} is not a valid senders file; nothing was stored:\n` +
        `  ${senders}:3: accounts[1].hourly_cap: 1000000 is over the most an X account may send an hour, 60 (${X_WHY})\n`,
    );
    assert.deepEqual(await tableFingerprints(db), before);
  });
});
