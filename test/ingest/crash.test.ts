import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { sandboxChannels } from '../../src/channels/sandbox';
import { startDevServer } from '../../src/temporal/dev-server';
import { createJourneyWorker } from '../../src/worker/create-worker';
import { journeyWorkflowId } from '../../workflows/contract';
import { isolatedDb, scratchDbUrl } from '../support/database';
import { FreezableProxy } from '../support/freezable-proxy';
import { branchTriggers, compileSequence, createLead, ensureSandboxSenders, eventually, journeyRecords, startJourney, uniqueName } from '../support/journeys';
import { journeyBundle } from '../support/temporal';
import { signedHeaders, webhookSecret } from '../support/webhooks';

const BIN = path.resolve(__dirname, '../../bin/outreach.cjs');

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Ingest {
  child: ChildProcessWithoutNullStreams;
  base: string;
  exited: Promise<number | null>;
  stderr(): string;
}

async function startIngestProcess(env: Record<string, string>): Promise<Ingest> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'ingest'], { env: { ...process.env, ...env, INGEST_PORT: String(port), INGEST_HOST: '127.0.0.1' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await eventually('the listening line', async () => stderr.includes('"ingest listening"'), 60_000);
  return { child, base: `http://127.0.0.1:${port}`, exited, stderr: () => stderr };
}

describe('an ingest process killed between storing an event and signalling the journey', function () {
  this.timeout(180_000);
  let temporal: TestWorkflowEnvironment;
  let db: Knex;
  before(async function () {
    this.timeout(120_000);
    [temporal, db] = await Promise.all([startDevServer(), isolatedDb()]);
    await ensureSandboxSenders(db);
  });
  after(() => temporal?.teardown());

  it('leaves the event stored, and the next process delivers it: the waiting journey takes REPLIED, signalled once', async () => {
    const graph = compileSequence(`
templates:
  hello: { subject: "Hello", body: "hello" }
nodes:
  - { id: hello, action: SEND_EMAIL, template: hello }
edges:
  - { from: hello, trigger: REPLIED }
  - { from: hello, trigger: NOT_REPLIED, within: 1h }
`);
    const email = `${uniqueName('ada')}@example.test`;
    const personId = await createLead(db, { person: { email } });
    const taskQueue = uniqueName('crash');
    const worker = await createJourneyWorker({
      connection: temporal.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: { db, channels: sandboxChannels(db), tickMs: 1_000 },
      workflowBundle: await journeyBundle(),
    });
    const secret = webhookSecret();
    const env = { DATABASE_URL: scratchDbUrl(db), INGEST_WEBHOOK_SECRET: secret };
    const proxy = await FreezableProxy.start(temporal.address);
    await worker.runUntil(async () => {
      await startJourney({ env: temporal, db }, taskQueue, graph, personId);
      await eventually('hello sent', async () => (await db('events').where({ person_id: personId, type: 'action_sent' }).first()) !== undefined, 60_000);

      const doomed = await startIngestProcess({ ...env, TEMPORAL_ADDRESS: proxy.address });
      proxy.freeze();
      const id = `msg_${randomUUID()}`;
      const payload = JSON.stringify({ type: 'email.reply.received', timestamp: new Date().toISOString(), data: { from: email } });
      const posted = await fetch(`${doomed.base}/webhooks/events`, { method: 'POST', body: payload, headers: signedHeaders(secret, payload, { id }) });
      assert.equal(posted.status, 200, 'answered once stored');
      const stored = await db('inbound_events').where({ provider_event_id: id }).first();
      assert.deepEqual([stored?.delivered_at, stored?.attempts], [null, 1], 'stored, its delivery under way (Temporal silent)');
      doomed.child.kill('SIGKILL');
      await doomed.exited;

      const next = await startIngestProcess({ ...env, TEMPORAL_ADDRESS: temporal.address });
      try {
        const row = await eventually('the sweeper delivers it', async () => {
          const r = await db('inbound_events').where({ provider_event_id: id }).whereNotNull('delivered_at').first();
          return r ?? undefined;
        }, 60_000);
        assert.deepEqual([row.resolution, row.attempts, row.journeys_signalled], ['delivered', 2, 1]);
        const result = await temporal.client.workflow.getHandle(journeyWorkflowId(graph.name, personId)).result();
        assert.equal(result.status, 'completed');
      } finally {
        next.child.kill('SIGTERM');
        assert.equal(await next.exited, 0, next.stderr());
        await proxy.close();
      }
    });
    const { events } = await journeyRecords(db, graph.name, personId);
    assert.deepEqual(branchTriggers(events), ['REPLIED']);
    const history = await temporal.client.workflow.getHandle(journeyWorkflowId(graph.name, personId)).fetchHistory();
    const observed = (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'observe');
    assert.equal(observed.length, 1, 'the killed process never signalled');
  });
});
