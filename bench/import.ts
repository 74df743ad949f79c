/**
 * Import rate and memory: `npx tsx bench/import.ts [--rows 100000] [--batch-size 5000] [--twice]`.
 * Writes a synthetic CSV (about 10 % duplicates, a few joins that merge people, a few bad rows) into
 * .data/bench/, then imports it with `importAudience` (what `outreach audience import` runs) into a fresh
 * embedded Postgres. Prints rows/s, this process's RSS every few seconds and at its peak (Postgres runs in
 * its own processes and is not counted), then times `audience create` over the whole graph.
 * `--twice` imports the same file again as a second audience (the idempotent path: nothing new to write).
 */
import { mkdirSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { migrateToLatest } from '../src/db/knex';
import { openDatabase } from '../src/db/open';
import { exitOnError } from '../src/errors/exit';
import { createAudience } from '../src/identity/create';
import { importAudience, type ImportResult } from '../src/identity/import';
import { RssSampler } from './lib/memory';
import { writePeopleCsv } from './lib/people-csv';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rows: { type: 'string', default: '100000' }, 'batch-size': { type: 'string', default: '5000' }, twice: { type: 'boolean', default: false } },
  });
  const rows = Number(values.rows);
  const batchSize = Number(values['batch-size']);
  mkdirSync('.data/bench', { recursive: true });
  const file = `.data/bench/people-${rows}.csv`;
  let t = performance.now();
  const generated = await writePeopleCsv(file, rows);
  const size = statSync(file).size;
  console.log(
    `bench: ${file}: ${rows.toLocaleString('en-US')} rows, ${(size / 1048576).toFixed(0)} MB ` +
      `(${generated.duplicates} repeats, ${generated.joins} joins, ${generated.bad} bad), written in ${seconds(t)}s`,
  );

  const database = await openDatabase({ databaseUrl: null, dataDir: `.data/bench/pg-${process.pid}`, persistent: false });
  try {
    await migrateToLatest(database.db);
    const runs = values.twice ? ['bench', 'bench-again'] : ['bench'];
    for (const audience of runs) {
      let read = 0;
      t = performance.now();
      const sampler = new RssSampler(2000, (rss, heap) =>
        console.log(`  ${seconds(t).padStart(6)}s  ${((100 * read) / size).toFixed(0).padStart(3)}% read  rss ${rss} MB  heap ${heap} MB`),
      );
      const result = await importAudience(database.db, { audience, file, batchSize, onBytes: (n) => (read += n) });
      report(audience, result, sampler.stop());
    }
    t = performance.now();
    const created = await createAudience(database.db, { name: 'bench-has-x', from: 'has:x and not tag:investor' });
    console.log(`audience create --from '${created.filter}': ${created.members.toLocaleString('en-US')} members in ${seconds(t)}s`);
  } finally {
    await database.close();
  }
}

function report(audience: string, r: ImportResult, peakRssMb: number): void {
  const rate = Math.round(r.imported / r.seconds);
  console.log(
    `import ${audience}: ${r.imported.toLocaleString('en-US')} rows in ${r.seconds.toFixed(1)}s = ${rate.toLocaleString('en-US')} rows/s; ` +
      `${r.badRows} bad, ${r.personsCreated.toLocaleString('en-US')} new persons, ${r.personsMerged} merged, ` +
      `${r.members.toLocaleString('en-US')} members; peak RSS ${peakRssMb} MB`,
  );
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

main().catch(exitOnError('bench/import'));
