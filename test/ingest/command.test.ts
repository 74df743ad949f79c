import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { X_PROVIDER } from '../../src/channels/x/adapter';
import { upsertSenderAccount } from '../../src/db/senderAccounts';
import { startDevServer } from '../../src/temporal/dev-server';
import { runCli } from '../support/cli';
import { testDb, testDbUrl } from '../support/database';
import { FakeXApi } from '../support/fakes/x-api';
import { eventually } from '../support/journeys';
import { signedHeaders, webhookSecret } from '../support/webhooks';

const BIN = path.resolve(__dirname, '../../bin/outreach.cjs');

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('outreach ingest (the process)', function () {
  this.timeout(120_000);
  let temporal: TestWorkflowEnvironment;
  let env: Record<string, string>;

  before(async function () {
    this.timeout(120_000);
    temporal = await startDevServer();
    await testDb();
    env = { DATABASE_URL: await testDbUrl(), TEMPORAL_ADDRESS: temporal.address };
  });
  after(() => temporal?.teardown());

  it('serves until SIGTERM, then closes and exits 0, logging one JSON line per state change and no secret', async () => {
    const port = await freePort();
    const secret = webhookSecret();
    const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BIN, 'ingest'], {
      env: { ...process.env, ...env, INGEST_PORT: String(port), INGEST_HOST: '127.0.0.1', INGEST_WEBHOOK_SECRET: secret },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await eventually('the listening line', async () => stderr.includes('"ingest listening"'), 60_000);

    const base = `http://127.0.0.1:${port}`;
    assert.deepEqual(await (await fetch(`${base}/healthz`)).json(), { status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    const payload = JSON.stringify({ type: 'email.reply.received', timestamp: new Date().toISOString(), data: { from: 'nobody@example.test' } });
    const id = `msg_${randomUUID()}`;
    const posted = await fetch(`${base}/webhooks/events`, { method: 'POST', body: payload, headers: signedHeaders(secret, payload, { id }) });
    assert.equal(posted.status, 200);
    await eventually('the delivery', async () => (await (await testDb())('inbound_events').where({ provider_event_id: id }).whereNotNull('delivered_at').first()) !== undefined);

    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const lines = stderr.trim().split('\n').map((line) => JSON.parse(line) as { message: string });
    assert.deepEqual(
      lines.map((l) => l.message).filter((m) => m.startsWith('ingest')),
      ['ingest listening', 'ingest stopping', 'ingest stopped'],
    );
    assert.ok(!stderr.includes(secret.slice(6)), 'the secret is never logged');
    assert.ok(!stderr.includes('nobody@example.test'), 'nor what the event said');

    const status = await runCli(['status', '--json'], env);
    assert.equal(status.code, 0, status.stderr);
    const { inbound } = JSON.parse(status.stdout) as { inbound: Record<string, number> };
    const counted = await (await testDb())('inbound_events').count({ n: '*' }).first();
    assert.equal(inbound.received, Number(counted?.n));
    assert.ok(inbound.forNobody! >= 1);
    assert.match((await runCli(['status'], env)).stdout, /^inbound events: \d+ received, \d+ delivered to journeys, [1-9]\d* for nobody, .* \d+ undelivered/);
  });

  it('hears X by its activity stream and webhook accounts by their route, and `status` says which accounts listen and which poll', async () => {
    const x = await FakeXApi.start();
    const db = await testDb();
    const tag = randomUUID().slice(0, 8);
    const accounts = {
      streamed: `x:streamed_${tag}`,
      hooked: `email:hooked-${tag}@example.test`,
      polled: `email:polled-${tag}@example.test`,
    };
    await upsertSenderAccount(db, { channel: 'x', provider: X_PROVIDER, handle: `streamed_${tag}`, hourlyCap: 10, dailyCap: 100, settings: { userId: '4242' } });
    await upsertSenderAccount(db, { channel: 'email', provider: 'sandbox', handle: `hooked-${tag}@example.test`, hourlyCap: 10, dailyCap: 100, webhooks: true });
    await upsertSenderAccount(db, { channel: 'email', provider: 'sandbox', handle: `polled-${tag}@example.test`, hourlyCap: 10, dailyCap: 100 });
    const token = `app-token-${randomUUID()}`;
    x.grantApp(token);
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, 'ingest'], {
      env: { ...process.env, ...env, INGEST_PORT: String(port), INGEST_HOST: '127.0.0.1', INGEST_WEBHOOK_SECRET: webhookSecret(), X_BEARER_TOKEN: token, X_API_ROOT: x.url },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const modeOf = async (account: string) => {
        const { stdout } = await runCli(['status'], env);
        return stdout.split('\n').find((line) => line.trim().startsWith(`${account} `)) ?? '';
      };
      await eventually('both sources reported', async () => x.openActivityStreams > 0 && /listens \(webhook\)/.test(await modeOf(accounts.hooked)), 60_000);
      await eventually('the stream connected', async () => /listens \(x-activity-stream\)/.test(await modeOf(accounts.streamed)), 60_000);
      assert.match(await modeOf(accounts.hooked), /active\s+listens \(webhook\)\s+webhook configured/);
      assert.match(await modeOf(accounts.polled), /active\s+polls every tick\s+no listener or webhooks/);
      const status = JSON.parse((await runCli(['status', '--json'], env)).stdout) as { eventDelivery: { account: string; live: string | null }[] };
      const live = Object.fromEntries(status.eventDelivery.filter((d) => Object.values(accounts).includes(d.account)).map((d) => [d.account, d.live]));
      assert.deepEqual(live, { [accounts.streamed]: 'x-activity-stream', [accounts.hooked]: 'webhook', [accounts.polled]: null });
      assert.ok(!stderr.includes(token), 'the bearer token is never logged');
    } finally {
      child.kill('SIGTERM');
      assert.equal(await exited, 0, stderr);
      await x.close();
    }
    const after = (await runCli(['status'], env)).stdout.split('\n').find((line) => line.includes(accounts.hooked)) ?? '';
    assert.match(after, /polls every tick\s+webhook disconnected \(the ingest service stopped\)/);
    // Other files' journeys pick active accounts of the shared database: these are not for sending.
    await db('sender_accounts').whereIn('handle', Object.values(accounts).map((a) => a.slice(a.indexOf(':') + 1))).delete();
  });

  it('refuses a bad port or secret with one line naming the variable, and never shows the secret', async () => {
    const badPort = await runCli(['ingest'], { ...env, INGEST_PORT: '99999' });
    assert.equal(badPort.code, 1);
    assert.equal(badPort.stderr.trim(), 'outreach: INGEST_PORT=99999: expected a whole number from 1 to 65535');
    const badSecret = await runCli(['ingest'], { ...env, INGEST_WEBHOOK_SECRET: 'hunter2-plain' });
    assert.equal(badSecret.code, 1);
    assert.match(badSecret.stderr, /^outreach: INGEST_WEBHOOK_SECRET: expected whsec_ followed by base64/);
    assert.ok(!badSecret.stderr.includes('hunter2'));
    const missingRef = await runCli(['ingest'], { ...env, INGEST_WEBHOOK_SECRET: 'env:NO_SUCH_VARIABLE_SET' });
    assert.equal(missingRef.code, 1);
    assert.equal(missingRef.stderr.trim(), 'outreach: INGEST_WEBHOOK_SECRET=env:NO_SUCH_VARIABLE_SET: NO_SUCH_VARIABLE_SET is not set');
  });
});
