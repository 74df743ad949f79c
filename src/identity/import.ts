import path from 'node:path';
import type { Knex } from 'knex';
import { checkFileDecodes, resolveEncoding } from '../input/decode-stream';
import { checkAudienceName } from './audience-name';
import { assertAudienceNameFree, insertAudience, setAudienceSource } from './audiences';
import { inTransaction, withConnection, type Sql } from './connection';
import { count, MAX_BATCH_ROWS } from './csv-limits';
import { openCsv, type CsvSource } from './csv-source';
import { groupRows } from './group';
import { planBatch } from './plan';
import type { RowProblem } from './row';
import { captureMembers, createSelection } from './snapshot';
import { prefetched } from './prefetch';
import { StatisticsSchedule } from './statistics';
import { allocatePersonIds, applyPlan, lookupKnown } from './store';

export interface ImportOptions {
  audience: string;
  file: string;
  /** Rows per batch: one lookup and one statement per kind of write each. Default 5,000, at most MAX_BATCH_ROWS. */
  batchSize?: number;
  /** An iconv-lite encoding name; without it, UTF-8 or UTF-16 with a BOM is detected and anything else refused. */
  encoding?: string;
  /** Problems kept for the result beyond this are only counted. Default 1,000. */
  maxProblems?: number;
  /** Told the file size once it is opened. */
  onStart?: (bytes: number) => void;
  onBytes?: (bytes: number) => void;
}

export interface ImportResult {
  audience: string;
  /** Null when nothing was imported: then nothing was written at all. */
  audienceId: string | null;
  file: string;
  /** The encoding read: `utf-8`, `utf-8 (BOM)`, `utf-16le (BOM)`, or the one given. */
  encoding: string;
  /** Data records read (good and bad). */
  rows: number;
  imported: number;
  badRows: number;
  /** The first `maxProblems` bad rows, in line order. */
  problems: RowProblem[];
  personsCreated: number;
  personsMerged: number;
  members: number;
  seconds: number;
}

/** Serialises writers of the identity graph: two imports must not create the same identifier twice. */
const GRAPH_LOCK = "hashtext('outreach identity graph import')";

/**
 * Streams FILE into the identity graph and snapshots its people as a new audience, in one transaction: a failed
 * import leaves nothing behind. Everything that can be checked is checked before the first write: the options,
 * the name, the header, and the encoding of the whole file (one pass of `isUtf8` over its chunks), so a bad
 * byte on the millionth line refuses the file before a row is written. Should the file change under the
 * import, the same check while streaming rolls the transaction back. Throws UnusableFileError (file or
 * header), InputEncodingError (bytes that are not the text they should be) and AudienceExistsError.
 */
export async function importAudience(db: Knex, opts: ImportOptions): Promise<ImportResult> {
  const started = process.hrtime.bigint();
  checkAudienceName(opts.audience);
  const batchSize = checkBatchSize(opts.batchSize ?? 5000);
  const encoding = opts.encoding === undefined ? undefined : resolveEncoding(opts.encoding);
  return withConnection(db, (sql) =>
    inTransaction(sql, async () => {
      await assertAudienceNameFree(sql, opts.audience);
      const source = await openCsv(opts.file, { batchSize, ...(encoding ? { encoding } : {}), ...(opts.onBytes ? { onBytes: opts.onBytes } : {}) });
      try {
        await checkFileDecodes(opts.file, { what: 'CSV file', ...(encoding ? { encoding } : {}) });
        opts.onStart?.(source.size);
        return await importRows(sql, opts, source, started);
      } finally {
        source.close();
      }
    }),
  ).catch((error: unknown) => {
    if (error instanceof NothingImported) return error.result;
    throw error;
  });
}

async function importRows(sql: Sql, opts: ImportOptions, source: CsvSource, started: bigint): Promise<ImportResult> {
  await sql.query(`select pg_advisory_xact_lock(${GRAPH_LOCK})`);
  // Each batch's statements are small: starting parallel workers for them costs more than it saves.
  await sql.query('set local max_parallel_workers_per_gather = 0');
  const id = await insertAudience(sql, opts.audience, { kind: 'import', file: path.basename(opts.file), rows: 0, bad_rows: 0 });
  await sql.query('create temp table import_people (person_id bigint not null) on commit drop');

  const result = emptyResult(opts, source.encoding);
  const linkSource = `csv:${path.basename(opts.file)}`;
  const statistics = new StatisticsSchedule(sql);
  for await (const batch of prefetched(source.batches)) {
    result.rows += batch.rows.length + batch.problems.length;
    result.badRows += batch.problems.length;
    keepProblems(result.problems, batch.problems, opts.maxProblems ?? 1000);
    if (batch.rows.length === 0) continue;
    const known = await lookupKnown(sql, batch.rows);
    const components = groupRows(batch.rows, known.owners);
    const ids = await allocatePersonIds(sql, components.filter((c) => c.existing.length === 0).length);
    const plan = planBatch(components, known, ids);
    await applyPlan(sql, plan, linkSource);
    await sql.query('insert into import_people select unnest($1::bigint[])', [plan.members]);
    result.imported += batch.rows.length;
    result.personsCreated += plan.newPersons.length;
    result.personsMerged += plan.merges.length;
    await statistics.grew(plan.newPersons.length);
  }
  result.problems.sort((a, b) => a.line - b.line);
  if (result.imported === 0) throw new NothingImported(finish(result, started));
  await setAudienceSource(sql, id, { kind: 'import', file: path.basename(opts.file), rows: result.rows, bad_rows: result.badRows });
  await statistics.refresh();
  result.members = await snapshotImported(sql, id);
  return finish({ ...result, audienceId: id }, started);
}

function checkBatchSize(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_BATCH_ROWS) {
    throw new Error(`batch size ${n}: expected a whole number from 1 to ${count(MAX_BATCH_ROWS)}`);
  }
  return n;
}

/** Thrown inside the transaction so that it rolls back; turned back into a result outside. */
class NothingImported extends Error {
  constructor(readonly result: ImportResult) {
    super('nothing imported');
  }
}

/** Rows merged into a person later in the same file count once, as that person. */
async function snapshotImported(sql: Sql, audienceId: string): Promise<number> {
  await createSelection(sql);
  await sql.query(
    `insert into audience_selection
     select distinct coalesce(p.merged_into, p.id) from import_people i join persons p on p.id = i.person_id`,
  );
  return captureMembers(sql, audienceId);
}

function emptyResult(opts: ImportOptions, encoding: string): ImportResult {
  return {
    audience: opts.audience,
    audienceId: null,
    file: opts.file,
    encoding,
    rows: 0,
    imported: 0,
    badRows: 0,
    problems: [],
    personsCreated: 0,
    personsMerged: 0,
    members: 0,
    seconds: 0,
  };
}

function keepProblems(kept: RowProblem[], found: readonly RowProblem[], max: number): void {
  for (const problem of found) if (kept.length < max) kept.push(problem);
}

function finish(result: ImportResult, started: bigint): ImportResult {
  return { ...result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
