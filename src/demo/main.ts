import path from 'node:path';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { sandboxChannels } from '../channels/sandbox';
import { startJourneys } from '../client/start-journeys';
import { parseTick } from '../config';
import { journeyStats } from '../db/journeyStats';
import { migrateToLatest } from '../db/knex';
import { openDatabase } from '../db/open';
import { upsertSenderAccount } from '../db/senderAccounts';
import { publishSequenceVersion } from '../db/sequences';
import { CHANNELS } from '../sequences/model';
import { loadSequenceFile } from '../sequences/validate';
import { startDevServer } from '../temporal/dev-server';
import { createJourneyWorker } from '../temporal/worker';
import { seedDemoAudience } from './audience';
import { formatStats } from './print';
import { PRODUCTION_TICK_MS, scaleWindows } from './time-scale';
import { waitForJourneys } from './wait';

const EXAMPLE = path.resolve(__dirname, '../../examples/sequences/follow-dm-reply.yaml');
const TASK_QUEUE = 'outreach-demo';

/**
 * `npm run demo`: embedded Postgres and the Temporal dev server with its Web UI, the example sequence run
 * for fictional people on the sandbox channel with a short tick, then the results. `--keep` leaves the
 * servers up until Ctrl-C.
 */
async function main(): Promise<void> {
  // Scripted sandbox failures would otherwise print a stack trace per retry.
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
  });
  const { values } = parseArgs({
    options: {
      keep: { type: 'boolean', default: false },
      tick: { type: 'string', default: '1s' },
      leads: { type: 'string', default: '28' },
      'ui-port': { type: 'string', default: '8233' },
    },
  });
  const tickMs = parseTick(values.tick);
  const timeScale = tickMs / PRODUCTION_TICK_MS;
  const leadCount = Number(values.leads);
  if (!Number.isInteger(leadCount) || leadCount < 1) throw new Error(`--leads ${values.leads}: expected a positive number`);

  console.log('demo: starting embedded Postgres and the Temporal dev server ...');
  const database = await openDatabase({ databaseUrl: null, dataDir: `.data/demo/postgres-${process.pid}`, persistent: false });
  const uiPort = Number(values['ui-port']);
  const temporal = await startDevServer({ uiPort }).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  try {
    await migrateToLatest(database.db);
    const graph = scaleWindows(loadSequenceFile(EXAMPLE), timeScale);
    await publishSequenceVersion(database.db, graph, `scaled x${timeScale} from ${path.basename(EXAMPLE)}`);
    for (const channel of CHANNELS) {
      await upsertSenderAccount(database.db, { channel, provider: 'sandbox', handle: `demo-${channel}`, hourlyCap: 1000, dailyCap: 10_000 });
    }
    const leads = await seedDemoAudience(database.db, leadCount, timeScale);

    const worker = await createJourneyWorker({
      connection: temporal.nativeConnection,
      namespace: temporal.namespace ?? 'default',
      taskQueue: TASK_QUEUE,
      deps: { db: database.db, channels: sandboxChannels(database.db), tickMs },
    });
    const filter = `OutreachSequence="${graph.name}"`;
    console.log(`demo: ${leads.length} leads, tick ${values.tick} (a 6 h tick at ${Math.round(1 / timeScale)}x speed)`);
    console.log(`demo: Web UI  http://localhost:${uiPort}/namespaces/default/workflows?query=${encodeURIComponent(filter)}`);
    console.log(`demo: filter  ${filter}`);

    await worker.runUntil(async () => {
      const started = await startJourneys(temporal.client, database.db, {
        sequenceName: graph.name,
        personIds: leads.map((l) => l.personId),
        taskQueue: TASK_QUEUE,
      });
      console.log(`demo: started ${started.started.length} journeys on version ${started.version}`);
      let reported = -1;
      await waitForJourneys(database.db, graph.name, leads.length, (done) => {
        if (done === reported) return;
        reported = done;
        if (process.stdout.isTTY) process.stdout.write(`\rdemo: ${done}/${leads.length} journeys finished`);
        else console.log(`demo: ${done}/${leads.length} journeys finished`);
      });
      console.log('\n');
    });
    console.log(formatStats(graph.name, await journeyStats(database.db, graph.name)));

    if (values.keep) {
      console.log(`\ndemo: servers stay up; Web UI at http://localhost:${uiPort}. Ctrl-C to stop.`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
    }
  } finally {
    await temporal.teardown();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : error);
  process.exit(1);
});
