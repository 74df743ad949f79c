/**
 * The bounds of a CSV import, each stated in the message that enforces it (docs/audiences.md lists them).
 * There is no bound on the file's size or row count: it streams, and memory is bounded by the batch.
 */

/** Longer records are refused: past this, a quote that never closes would otherwise swallow the file into memory. */
export const MAX_RECORD_CHARS = 1_000_000;

/** Header columns; wide CRM exports go over it and are asked to keep the columns the sequences use. */
export const MAX_COLUMNS = 250;

/** Columns that are not standard fields, each a template variable stored on every member of every snapshot. */
export const MAX_VARIABLES = 100;

/** A column's name in the header (it becomes a variable name in templates). */
export const MAX_COLUMN_NAME_CHARS = 100;

/**
 * An identifier cell before normalisation, and a LinkedIn URL after it (percent-encoding can triple a slug):
 * identifiers are unique-indexed, and Postgres refuses index entries over about 2,700 bytes.
 */
export const MAX_IDENTIFIER_CHARS = 1_000;

/** first_name, last_name, full_name. */
export const MAX_NAME_CHARS = 200;

/** The tags cell. */
export const MAX_TAGS_CHARS = 1_000;

/** One variable cell: X's limit for a DM, the longest message a variable could need to fill. */
export const MAX_VARIABLE_CHARS = 10_000;

/** `--batch-size` at most: rows held in memory per database round (two batches are in flight). */
export const MAX_BATCH_ROWS = 50_000;

/**
 * Characters per batch: a batch also closes when its rows hold this many, so that wide rows cannot multiply
 * a batch's memory (5,000 rows of 1,000,000 characters would be 10 GB).
 */
export const MAX_BATCH_CHARS = 16_000_000;

export function count(n: number): string {
  return n.toLocaleString('en-US');
}
