import path from 'node:path';
import type { Knex } from 'knex';
import { addImportedPeople, captureMembers, createImportedPeople, createSelection, selectImportedPeople } from '../db/audience-snapshot';
import { setAudienceSource } from '../db/audiences';
import { preferSerialPlans } from '../db/graph-session';
import { checkFileDecodes, resolveEncoding } from '../input/decode-stream';
import { checkAudienceName } from './audience-name';
import { assertAudienceNameFree, insertAudience } from './audiences';
import { count, MAX_BATCH_ROWS } from './csv-limits';
import { openCsv, type CsvSource } from './csv-source';
import type { RowProblem } from './row';
import { prefetched } from './prefetch';
import { StatisticsSchedule } from './statistics';
import { writeRows } from './write';

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
  return db
    .transaction(async (trx) => {
      await assertAudienceNameFree(trx, opts.audience);
      const source = await openCsv(opts.file, { batchSize, ...(encoding ? { encoding } : {}), ...(opts.onBytes ? { onBytes: opts.onBytes } : {}) });
      try {
        await checkFileDecodes(opts.file, { what: 'CSV file', ...(encoding ? { encoding } : {}) });
        opts.onStart?.(source.size);
        return await importRows(trx, opts, source, started);
      } finally {
        source.close();
      }
    })
    .catch((error: unknown) => {
      if (error instanceof NothingImported) return error.result;
      throw error;
    });
}

async function importRows(trx: Knex.Transaction, opts: ImportOptions, source: CsvSource, started: bigint): Promise<ImportResult> {
  await preferSerialPlans(trx);
  const id = await insertAudience(trx, opts.audience, { kind: 'import', file: path.basename(opts.file), rows: 0, bad_rows: 0 });
  await createImportedPeople(trx);

  const result = emptyResult(opts, source.encoding);
  const linkSource = `csv:${path.basename(opts.file)}`;
  const statistics = new StatisticsSchedule(trx);
  for await (const batch of prefetched(source.batches)) {
    result.rows += batch.rows.length + batch.problems.length;
    result.badRows += batch.problems.length;
    keepProblems(result.problems, batch.problems, opts.maxProblems ?? 1000);
    if (batch.rows.length === 0) continue;
    const plan = await writeRows(trx, batch.rows, linkSource);
    await addImportedPeople(trx, plan.members);
    result.imported += batch.rows.length;
    result.personsCreated += plan.newPersons.length;
    result.personsMerged += plan.merges.length;
    await statistics.grew(plan.newPersons.length);
  }
  result.problems.sort((a, b) => a.line - b.line);
  if (result.imported === 0) throw new NothingImported(finish(result, started));
  await setAudienceSource(trx, id, { kind: 'import', file: path.basename(opts.file), rows: result.rows, bad_rows: result.badRows });
  await statistics.refresh();
  await createSelection(trx);
  await selectImportedPeople(trx);
  result.members = await captureMembers(trx, id);
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
