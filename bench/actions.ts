/**
 * Temporal actions per journey: `npm run bench:actions [-- --leads 300 --tick 1s]`.
 * Runs the example sequences for a few hundred sandbox leads on the dev server with a short tick (windows
 * shrunk by the same factor, as the demo does), then counts from every run's history what each journey
 * spent: the workflow start, activities scheduled and retried, timers, search-attribute upserts, signals,
 * markers and continue-as-new. Beside it, the minimum for the same paths, from the event log: the start,
 * one activity per send or check, and one timer per moment the journey had to wake up for them.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Runtime, DefaultLogger, makeTelemetryFilterString } from '@temporalio/worker';
import type { Knex } from 'knex';
import { sandboxChannels } from '../src/channels/sandbox';
import { startJourneys } from '../src/client/start-journeys';
import { parseTick } from '../src/config';
import { migrateToLatest } from '../src/db/knex';
import { openDatabase } from '../src/db/open';
import { insertPerson } from '../src/db/people';
import { setSandboxScript } from '../src/db/sandbox';
import { upsertSenderAccount } from '../src/db/senderAccounts';
import { publishSequenceVersion } from '../src/db/sequences';
import { PRODUCTION_TICK_MS, scaleWindows } from '../src/demo/time-scale';
import { waitForJourneys } from '../src/demo/wait';
import { CHANNELS } from '../src/sequences/model';
import { loadSequenceFile } from '../src/sequences/validate';
import { startDevServer } from '../src/temporal/dev-server';
import { createJourneyWorker } from '../src/worker/create-worker';
import { forEachLimited } from '../src/util/pool';
import { ACTION_KINDS, addRunActions, emptyCounts, totalActions, type ActionCounts } from './lib/history-actions';
import { BENCH_BEHAVIOURS } from './lib/behaviours';

const SEQUENCES = ['examples/sequences/follow-dm-reply.yaml', 'examples/sequences/connection-note.json'];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { leads: { type: 'string', default: '300' }, tick: { type: 'string', default: '1s' } } });
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
    for (const channel of CHANNELS) {
      await upsertSenderAccount(db, { channel, provider: 'sandbox', handle: `bench-${channel}`, hourlyCap: 100_000, dailyCap: 1_000_000 });
    }
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
      for (const graph of graphs) {
        await publishSequenceVersion(db, graph, `bench ${path.basename(graph.name)}`);
        await startJourneys(server.client, db, { sequenceName: graph.name, personIds, taskQueue, concurrency: 20 });
      }
      for (const graph of graphs) await waitForJourneys(db, graph.name, personIds.length, () => {});
    });

    for (const graph of graphs) {
      const spent = emptyCounts();
      const runs: { workflowId: string; runId: string }[] = [];
      for await (const run of server.client.workflow.list({ query: `OutreachSequence="${graph.name}"` })) runs.push(run);
      await forEachLimited(runs, 10, (run) => addRunActions(server.client, spent, run.workflowId, run.runId));
      const minimum = await minimumActions(db, graph.name);
      report(graph.name, personIds.length, spent, minimum);
    }
  } finally {
    await server.teardown();
    await database.close();
  }
}

async function createLeads(db: Knex, count: number, scale: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const behaviour = BENCH_BEHAVIOURS[i % BENCH_BEHAVIOURS.length] as (typeof BENCH_BEHAVIOURS)[number];
    const personId = await insertPerson(db, {
      firstName: `Lead${i}`,
      xHandle: `bench_lead_${i}`,
      linkedinUrl: `https://www.linkedin.com/in/bench-lead-${i}`,
      attributes: { company: 'Acme', role: 'founder' },
    });
    await setSandboxScript(db, personId, behaviour.script(scale));
    ids.push(personId);
  }
  return ids;
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
  console.log(`  ratio spent/minimum: ${(spentTotal / Math.max(1, minimumTotal)).toFixed(2)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
