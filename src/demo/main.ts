import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { ensureSandboxSenders, sandboxChannels } from '../channels/sandbox';
import { migrateToLatest } from '../db/knex';
import { openDatabase } from '../db/open';
import { publishSequenceVersion } from '../db/sequences';
import { loadSequenceFile } from '../sequences/validate';
import { startDevServer } from '../temporal/dev-server';
import { createJourneyWorker } from '../worker/create-worker';
import { enrollAudience } from '../client/enroll';
import { importAudience } from '../identity/import';
import { buildReport } from '../reports/build';
import { renderText } from '../reports/terminal/render';
import { exitOnError } from '../errors/exit';
import { applyDemoBehaviours } from './behaviours';
import { parseDemoOptions } from './options';
import { writeDemoPeople } from './people';
import { PRODUCTION_TICK_MS, scaleWindows } from './time-scale';
import { waitForJourneys } from './wait';

const EXAMPLE = path.resolve(__dirname, '../../examples/sequences/follow-dm-reply.yaml');
const PEOPLE = path.resolve(__dirname, '../../examples/audiences/demo-people.csv');
const AUDIENCE = 'demo-people';
const TASK_QUEUE = 'outreach-demo';

/**
 * `npm run demo`: embedded Postgres and the Temporal dev server with its Web UI, the example sequence run
 * for fictional people on the sandbox channel with a short tick, then the results. `--keep` leaves the
 * servers up until Ctrl-C.
 */
async function main(): Promise<void> {
  const options = parseDemoOptions();
  // Scripted sandbox failures would otherwise print a line per retry.
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
  });
  const { tickMs, uiPort } = options;
  const timeScale = tickMs / PRODUCTION_TICK_MS;

  console.log('demo: starting embedded Postgres and the Temporal dev server ...');
  const database = await openDatabase({ databaseUrl: null, dataDir: `.data/demo/postgres-${process.pid}`, persistent: false });
  const temporal = await startDevServer({ uiPort }).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  try {
    await migrateToLatest(database.db);
    const graph = scaleWindows(loadSequenceFile(EXAMPLE), timeScale);
    await publishSequenceVersion(database.db, graph, `scaled x${timeScale} from ${path.basename(EXAMPLE)}`);
    // Generous caps: at 21,600x speed the default ones would hold most sends for "hours".
    await ensureSandboxSenders(database.db, { hourlyCap: 1000, dailyCap: 10_000 });
    const people = options.leads === undefined ? PEOPLE : await generatedPeople(options.leads);
    const imported = await importAudience(database.db, { audience: AUDIENCE, file: people }).finally(async () => {
      if (people !== PEOPLE) await rm(path.dirname(people), { recursive: true, force: true });
    });
    if (imported.audienceId === null) throw new Error(`${people}: nothing imported`);
    await applyDemoBehaviours(database.db, imported.audienceId, timeScale);
    console.log(
      `demo: imported ${imported.imported} rows of ${path.basename(people)} as ${imported.members} people ` +
        `(${imported.personsMerged} merged) into audience "${AUDIENCE}"; ${imported.badRows} bad row(s):`,
    );
    for (const problem of imported.problems) console.log(`  ${path.basename(people)}:${problem.line}: ${problem.reason}`);

    const worker = await createJourneyWorker({
      connection: temporal.nativeConnection,
      namespace: temporal.namespace ?? 'default',
      taskQueue: TASK_QUEUE,
      deps: { db: database.db, channels: sandboxChannels(database.db), tickMs },
    });
    const filter = `OutreachSequence="${graph.name}"`;
    console.log(`demo: tick ${options.tick} (a 6 h tick at ${Math.round(1 / timeScale)}x speed)`);
    console.log(`demo: Web UI  http://localhost:${uiPort}/namespaces/default/workflows?query=${encodeURIComponent(filter)}`);
    console.log(`demo: filter  ${filter}`);

    await worker.runUntil(async () => {
      const enrolled = await enrollAudience(database.db, {
        sequenceName: graph.name,
        audienceName: AUDIENCE,
        dryRun: false,
        client: temporal.client,
        taskQueue: TASK_QUEUE,
        concurrency: 20,
      });
      console.log(`demo: started ${enrolled.started} journeys on version ${enrolled.version}; skipped ${enrolled.skipped.length}:`);
      for (const skip of enrolled.skipped) console.log(`  person ${skip.personId}: ${skip.reason}`);
      let reported = -1;
      await waitForJourneys(database.db, graph.name, enrolled.started, (done) => {
        if (done === reported) return;
        reported = done;
        if (process.stdout.isTTY) process.stdout.write(`\rdemo: ${done}/${enrolled.started} journeys finished`);
        else console.log(`demo: ${done}/${enrolled.started} journeys finished`);
      });
      console.log('\n');
    });
    console.log(renderText(await buildReport(database.db, graph.name), process.stdout.columns ?? 100));

    if (options.keep) {
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

/** `--leads N`: N fictional people in the example CSV's shape, in a folder of their own. */
async function generatedPeople(count: number): Promise<string> {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'outreach-demo-')), `demo-people-${count}.csv`);
  await writeDemoPeople(file, count);
  return file;
}

main().catch(exitOnError('demo'));
