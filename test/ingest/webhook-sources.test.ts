import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { checkProviderSettings } from '../../src/channels/providers';
import { eventSourcesOf, liveSourceOf } from '../../src/db/event-sources';
import { findSenderAccount, setSenderAccountStatus, upsertSenderAccount } from '../../src/db/senderAccounts';
import type { IngestLog } from '../../src/ingest/log';
import { startWebhookSources, type RunningWebhookSources } from '../../src/ingest/webhook-sources';
import { readSendersFile, type SendersFileError } from '../../src/senders/file';
import { isolatedDb } from '../support/database';
import { until } from './listeners/harness';
import { webhookSecret } from '../support/webhooks';

describe('accounts whose events come by webhook', function () {
  this.timeout(60_000);
  let db: Knex;
  let running: RunningWebhookSources | undefined;
  const logged: { level: string; message: string; account?: unknown; setting?: unknown }[] = [];
  const log: IngestLog = (level, fields) => logged.push({ level, ...fields });

  beforeEach(async () => {
    db = await isolatedDb();
    logged.length = 0;
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  const account = (channel: 'x' | 'email' | 'linkedin', handle: string, webhooks: boolean) =>
    upsertSenderAccount(db, { channel, provider: 'sandbox', handle, hourlyCap: 10, dailyCap: 100, webhooks });

  it('are live sources while a route that receives them is served, each on its own route', async () => {
    const [x, email, linkedin, polled] = [
      await account('x', 'hooked_x', true),
      await account('email', 'hooked@example.test', true),
      await account('linkedin', 'hooked-li', true),
      await account('email', 'polled@example.test', false),
    ];
    running = startWebhookSources({ db, secrets: { webhook: webhookSecret(), xConsumer: 'x-consumer-secret' }, log, heartbeatMs: 50 });
    await until('the three are reported', async () => (await liveSourceOf(db, linkedin)) !== null);
    assert.deepEqual(
      await Promise.all([x, email, linkedin, polled].map((id) => liveSourceOf(db, id))),
      ['x-webhook', 'webhook', 'webhook', null],
      'X by its own webhook, the others by the generic route; an account without webhooks polls',
    );
    const [reported] = await eventSourcesOf(db, [email]);
    assert.equal(reported?.state, 'configured');
  });

  it('poll when no route receives them, said once in a warning naming the setting', async () => {
    const linkedin = await account('linkedin', 'unserved-li', true);
    running = startWebhookSources({ db, secrets: { xConsumer: 'x-consumer-secret' }, log, heartbeatMs: 20 });
    await until('a few rounds', () => logged.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(await liveSourceOf(db, linkedin), null);
    assert.deepEqual(logged, [
      {
        level: 'WARN',
        message: 'webhooks set but no route receives them: its journeys poll',
        account: 'linkedin:unserved-li',
        setting: 'LINKEDIN_GATEWAY_WEBHOOK_SECRET or INGEST_WEBHOOK_SECRET',
      },
    ]);
  });

  it('stop being live when the account is paused or the service stops, with the reason', async () => {
    const [paused, kept] = [await account('email', 'paused@example.test', true), await account('email', 'kept@example.test', true)];
    running = startWebhookSources({ db, secrets: { webhook: webhookSecret() }, log, heartbeatMs: 50 });
    await until('both live', async () => (await liveSourceOf(db, paused)) !== null && (await liveSourceOf(db, kept)) !== null);
    await setSenderAccountStatus(db, paused, 'paused', 'a test');
    await until('the paused one is not', async () => (await liveSourceOf(db, paused)) === null);
    assert.equal((await eventSourcesOf(db, [paused]))[0]?.lastError, 'webhooks no longer set, or the account is not active');
    await running.stop();
    running = undefined;
    const [source] = await eventSourcesOf(db, [kept]);
    assert.deepEqual([source?.state, source?.lastError, source?.live], ['disconnected', 'the ingest service stopped', false]);
  });

  it('are declared in the senders file, false when omitted, and a value that is not true or false is refused', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'outreach-webhooks-'));
    const senders = path.join(dir, 'senders.yaml');
    writeFileSync(senders, `accounts:
  - { channel: email, provider: sandbox, handle: hooked@example.test, webhooks: true }
  - { channel: email, provider: sandbox, handle: plain@example.test }
`);
    const [hooked, plain] = readSendersFile(senders, checkProviderSettings);
    assert.deepEqual([hooked?.webhooks, plain?.webhooks], [true, false]);
    await upsertSenderAccount(db, hooked!);
    assert.equal((await findSenderAccount(db, 'email', 'hooked@example.test'))?.webhooks, true);
    await upsertSenderAccount(db, { ...hooked!, webhooks: false });
    assert.equal((await findSenderAccount(db, 'email', 'hooked@example.test'))?.webhooks, false, 're-applying the file follows it');

    writeFileSync(senders, `accounts:
  - { channel: email, provider: sandbox, handle: a@example.test, webhooks: "yes" }
`);
    assert.throws(() => readSendersFile(senders, checkProviderSettings), (error: SendersFileError) => {
      assert.deepEqual(error.problems.map((p) => `${p.line}: ${p.path}: ${p.message}`), ['2: accounts[0].webhooks: Invalid input: expected boolean, received string']);
      return true;
    });
  });
});
