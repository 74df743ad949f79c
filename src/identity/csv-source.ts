import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline, Transform, type TransformCallback } from 'node:stream';
import { parse, type CsvError, type Options } from 'csv-parse';
import { DecodeStream, type ChosenEncoding } from '../input/decode-stream';
import { printable } from '../input/printable';
import { mapColumns, UnusableFileError, type ColumnMap } from './columns';
import { count, MAX_BATCH_CHARS, MAX_RECORD_CHARS } from './csv-limits';
import { isProblem, readRow, type ImportRow, type RowProblem } from './row';

export interface CsvBatch {
  rows: ImportRow[];
  problems: RowProblem[];
}

export interface CsvSource {
  columns: ColumnMap;
  size: number;
  /** The encoding read: `utf-8`, `utf-8 (BOM)`, `utf-16le (BOM)`, or the one given. */
  encoding: string;
  batches: AsyncGenerator<CsvBatch, void, undefined>;
  /** Stops reading and closes the file (also done when `batches` ends). */
  close: () => void;
}

export interface CsvSourceOptions {
  /** Rows per batch; a batch also ends at MAX_BATCH_CHARS characters. */
  batchSize: number;
  /** Without it, UTF-8 or UTF-16 with a BOM, detected (src/input/decode-stream.ts). */
  encoding?: ChosenEncoding;
  /** Called with the size of every chunk read from the file. */
  onBytes?: (bytes: number) => void;
}

interface NumberedRecord {
  record: string[];
  line: number;
}

/**
 * Streams a CSV file in batches of normalised rows and numbered problems; memory stays bounded by the batch.
 * Throws UnusableFileError when the file cannot be read or its header cannot be used, and InputEncodingError
 * when its bytes are not the text they should be (at the start; later in the file, `batches` throws it).
 */
export async function openCsv(file: string, opts: CsvSourceOptions): Promise<CsvSource> {
  const size = await readableSize(file);
  const pending: RowProblem[] = [];
  let lastEnd = 0;
  let lastEmpty = 0;
  const options: Options<NumberedRecord, string[]> = {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_CHARS,
    // csv-parse counts the line a record ends on; a record with line breaks in its fields started earlier.
    on_record: (record: string[], context): NumberedRecord => {
      lastEnd = context.lines;
      lastEmpty = context.empty_lines;
      return { record, line: context.lines - newlines(record) };
    },
    on_skip: (error: CsvError | undefined) => {
      const line = lastEnd + 1 + (parser.info.empty_lines - lastEmpty);
      const reason = printable(skipReason(error));
      // An oversized record is reported once, not once for every further megabyte of it.
      const last = pending[pending.length - 1];
      if (last?.line !== line || last.reason !== reason) pending.push({ line, reason });
      return undefined;
    },
  };
  // The typings' overload without `columns` assumes on_record returns the record type unchanged.
  const parser = parse(options as unknown as Options);
  const decoder = new DecodeStream({ file, what: 'CSV file', ...(opts.encoding ? { encoding: opts.encoding } : {}), ...(opts.onBytes ? { onBytes: opts.onBytes } : {}) });
  // Destroying the parser (close) ends the pipeline, which closes the file; an error anywhere reaches the parser.
  pipeline(createReadStream(file), decoder, crlfToLf(), parser, (error) => {
    if (error) parser.destroy(error);
  });

  const records = parser[Symbol.asyncIterator]() as AsyncIterator<NumberedRecord>;
  const close = () => void parser.destroy();
  let faultAt = '';
  try {
    const header = await records.next();
    // Problems before the header's record mean the first record was skipped (the parser may also be further ahead).
    const unreadable = pending[0];
    if (unreadable && (header.done || unreadable.line < header.value.line)) {
      faultAt = `:${unreadable.line}`;
      throw new UnusableFileError(`the header row cannot be read: ${unreadable.reason}`);
    }
    if (header.done) throw new UnusableFileError('the file is empty (expected a header row)');
    const columns = mapColumns(header.value.record);
    return { columns, size, encoding: decoder.found, batches: batches(records, columns, pending, opts.batchSize, close), close };
  } catch (error) {
    close();
    if (error instanceof UnusableFileError) throw new UnusableFileError(`${file}${faultAt}: ${error.message}`);
    const code = (error as NodeJS.ErrnoException).code;
    if (code?.startsWith('E')) throw new UnusableFileError(`${file}: cannot be read (${code})`);
    throw error;
  }
}

async function* batches(
  records: AsyncIterator<NumberedRecord>,
  columns: ColumnMap,
  pending: RowProblem[],
  batchSize: number,
  close: () => void,
): AsyncGenerator<CsvBatch, void, undefined> {
  try {
    let batch: CsvBatch = { rows: [], problems: [] };
    let chars = 0;
    for (let next = await records.next(); !next.done; next = await records.next()) {
      const row = readRow(next.value.record, next.value.line, columns);
      if (isProblem(row)) batch.problems.push(row);
      else {
        batch.rows.push(row);
        chars += recordChars(next.value.record);
      }
      if (batch.rows.length >= batchSize || chars >= MAX_BATCH_CHARS) {
        batch.problems.push(...pending.splice(0));
        yield batch;
        batch = { rows: [], problems: [] };
        chars = 0;
      }
    }
    batch.problems.push(...pending.splice(0));
    if (batch.rows.length > 0 || batch.problems.length > 0) yield batch;
  } finally {
    close();
  }
}

async function readableSize(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UnusableFileError(`${file}: not a file`);
    return info.size;
  } catch (error) {
    if (error instanceof UnusableFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UnusableFileError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot be read (${code})`);
  }
}

function skipReason(error: CsvError | undefined): string {
  switch (error?.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field starting here is never closed; the rest of the file was not read';
    case 'CSV_MAX_RECORD_SIZE':
      return `a record over ${count(MAX_RECORD_CHARS)} characters (an unclosed quote?); the rest of the file was not read`;
    default:
      return error?.message ?? 'unreadable record';
  }
}

function recordChars(record: readonly string[]): number {
  let chars = 0;
  for (const field of record) chars += field.length;
  return chars;
}

function newlines(record: readonly string[]): number {
  let count = 0;
  for (const field of record) {
    for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) count++;
  }
  return count;
}

/**
 * CRLF to LF before parsing: csv-parse counts a CRLF inside a quoted field as two lines, which would put
 * every later line number off by one.
 */
function crlfToLf(): Transform {
  let heldCr = false;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      let input = heldCr ? Buffer.concat([Buffer.from('\r'), chunk]) : chunk;
      heldCr = input.length > 0 && input[input.length - 1] === 0x0d;
      if (heldCr) input = input.subarray(0, input.length - 1);
      if (!input.includes(0x0d)) return done(null, input);
      const out = Buffer.allocUnsafe(input.length);
      let n = 0;
      for (let i = 0; i < input.length; i++) {
        const byte = input[i] as number;
        if (byte === 0x0d && input[i + 1] === 0x0a) continue;
        out[n++] = byte;
      }
      done(null, out.subarray(0, n));
    },
    flush(done: TransformCallback) {
      done(null, heldCr ? Buffer.from('\r') : null);
    },
  });
}
