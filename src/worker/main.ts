import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { workerChannels } from '../channels/providers';
import { ensureSandboxSenders } from '../channels/sandbox';
import { loadConfig } from '../config';
import { assertMigrated } from '../db/knex';
import { openDatabase } from '../db/open';
import { exitOnError } from '../errors/exit';
import { connectWorker } from '../temporal/connection';
import { oneLineLogger } from './log';
import { createJourneyWorker } from './create-worker';

/** `npm run worker`: runs journeys until SIGINT or SIGTERM, then drains in-flight tasks and exits. */
async function main(): Promise<void> {
  const config = loadConfig();
  // One JSON line per log entry: a failed activity of a known kind is its type and message, not a stack.
  Runtime.install({
    logger: oneLineLogger('INFO'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    poolMax: config.worker.maxConcurrentActivities + 2,
  });
  try {
    await assertMigrated(database.db);
    if (config.providers.sandbox) await ensureSandboxSenders(database.db);
    const providers = workerChannels({ db: database.db, ...config.providers });
    const connection = await connectWorker(config.temporal);
    const worker = await createJourneyWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      deps: { db: database.db, channels: providers.channels, tickMs: config.tickMs },
      maxConcurrentActivities: config.worker.maxConcurrentActivities,
      maxConcurrentWorkflowTasks: config.worker.maxConcurrentWorkflowTasks,
    });
    console.log(
      `worker: task queue "${config.temporal.taskQueue}" on ${config.temporal.address}/${config.temporal.namespace}, tick ${config.tickMs} ms`,
    );
    await worker.run();
    providers.close();
    await connection.close();
  } finally {
    await database.close();
  }
}

main().catch(exitOnError('worker'));
