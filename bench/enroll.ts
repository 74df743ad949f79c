/**
 * Enrollment rate: `npx tsx bench/enroll.ts [--members 100000] [--concurrency 50] [--memory-store]`.
 * Starts a dev server and an embedded Postgres, makes an audience of N people with SQL, and times
 * `enrollAudience` (what `outreach enroll` runs). Baseline, in the same process: bare
 * `client.workflow.start` calls at the same concurrency on 5 % of the members, before and after the
 * enrollment (the dev server slows as its store grows), without our reachability checks and bookkeeping.
 * Prints the rates and their ratio. No worker runs, so only the starts are measured. The dev server keeps its state in a SQLite file (as a small self-hosted server
 * would): with `--memory-store`, its in-memory store gave out after about 80,000 workflows on this machine.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { migrateToLatest } from '../src/db/knex';
import { openDatabase } from '../src/db/open';
import { exitOnError } from '../src/errors/exit';
import { publishSequenceVersion } from '../src/db/sequences';
import { enrollAudience } from '../src/client/enroll';
import { loadSequenceFile } from '../src/sequences/validate';
import { startDevServer } from '../src/temporal/dev-server';
import { forEachLimited } from '../src/util/pool';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { members: { type: 'string', default: '100000' }, concurrency: { type: 'string', default: '50' }, 'memory-store': { type: 'boolean', default: false } } });
  const members = Number(values.members);
  const concurrency = Number(values.concurrency);
  const database = await openDatabase({ databaseUrl: null, dataDir: `.data/bench/enroll-pg-${process.pid}`, persistent: false, poolMax: 20 });
  const dbFilename = values['memory-store'] ? undefined : `.data/bench/enroll-temporal-${process.pid}.db`;
  if (dbFilename) mkdirSync(dirname(dbFilename), { recursive: true });
  const server = await startDevServer(dbFilename === undefined ? {} : { dbFilename });
  try {
    const db = database.db;
    await migrateToLatest(db);
    const graph = loadSequenceFile('examples/sequences/follow-dm-reply.yaml');
    await publishSequenceVersion(db, graph, 'bench');
    const [audience] = await db('audiences').insert({ name: 'bench', filter: {} }).returning<{ id: string }[]>('id');
    await db.raw(`insert into persons (first_name) select 'P' || g from generate_series(1, ?) g`, [members]);
    await db.raw(`insert into x_profiles (person_id, handle) select id, 'h' || id from persons`);
    await db.raw(`insert into audience_members (audience_id, person_id, variables)
      select ?, id, jsonb_build_object('first_name', first_name, 'company', 'Acme') from persons`, [audience?.id ?? null]);
    console.log(`bench: ${members} members ready; concurrency ${concurrency}`);

    const baselineCount = Math.max(1, Math.round(members / 20));
    const baseline = async (label: string): Promise<number> => {
      const ids = Array.from({ length: baselineCount }, () => randomUUID());
      const started = performance.now();
      await forEachLimited(ids, concurrency, async (id) => {
        await server.client.workflow.start('journeyWorkflow', { taskQueue: 'bench-baseline', workflowId: `baseline-${id}`, args: [] });
      });
      const rate = baselineCount / ((performance.now() - started) / 1000);
      console.log(`baseline ${label}: bare workflow starts   ${rate.toFixed(0)} /s (${baselineCount})`);
      return rate;
    };
    const before = await baseline('before');

    const t = performance.now();
    const result = await enrollAudience(db, {
      sequenceName: graph.name,
      audienceName: 'bench',
      dryRun: false,
      client: server.client,
      taskQueue: 'bench-journeys',
      concurrency,
    });
    const seconds = (performance.now() - t) / 1000;
    const rate = result.started / seconds;
    console.log(`enroll:   journeys started        ${rate.toFixed(0)} /s (${result.started} in ${seconds.toFixed(1)} s, ${result.skipped.length} skipped)`);
    // The server slows as its store grows and the machine's load changes: compare with bare starts on both sides.
    const after = await baseline('after');
    const baselineRate = (before + after) / 2;
    console.log(`ratio enroll/baseline (mean of before and after): ${(rate / baselineRate).toFixed(2)}`);
  } finally {
    await server.teardown();
    await database.close();
    if (dbFilename) rmSync(dbFilename, { force: true });
  }
}

main().catch(exitOnError('bench/enroll'));
