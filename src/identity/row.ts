import { printable } from '../input/printable';
import { cellFaults } from './cell-limits';
import type { ColumnMap, StandardColumn } from './columns';
import { count, MAX_IDENTIFIER_CHARS } from './csv-limits';
import { cryptoValue, type Identifier } from './identifiers';
import {
  canonicalLinkedinUrl,
  InvalidValue,
  normalizeChain,
  normalizeCryptoAddress,
  normalizeEmail,
  normalizeHandle,
  normalizeXUserId,
  parseTags,
} from './normalize';

/** One good line of the file, normalised. */
export interface ImportRow {
  /** 1-based line the record starts on. */
  line: number;
  /** Never empty; in the order x_user_id, x_handle, email, crypto, linkedin (the first anchors the row's evidence links). */
  identifiers: Identifier[];
  xUserId?: string;
  xHandle?: string;
  firstName?: string;
  lastName?: string;
  tags: string[];
  /** The other columns that have a value (blank cells never erase what the graph knows). */
  attributes: Record<string, string>;
}

export interface RowProblem {
  line: number;
  reason: string;
}

export function isProblem(row: ImportRow | RowProblem): row is RowProblem {
  return 'reason' in row;
}

/** Validates and normalises one record; every fault of the row is named in one reason. */
export function readRow(record: readonly string[], line: number, columns: ColumnMap): ImportRow | RowProblem {
  if (record.length !== columns.width) {
    return { line, reason: `expected ${columns.width} columns, found ${record.length}` };
  }
  const unstorable = cellFaults(record, columns);
  if (unstorable.length > 0) return { line, reason: printable(unstorable.join('; ')) };
  const cell = (column: StandardColumn): string | undefined => {
    const index = columns.standard[column];
    const value = index === undefined ? undefined : record[index]?.trim();
    return value === '' ? undefined : value;
  };
  const faults: string[] = [];
  const read = (column: StandardColumn, normalize: (raw: string) => string): string | undefined => {
    const raw = cell(column);
    if (raw === undefined) return undefined;
    try {
      return normalize(raw);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      faults.push(error.message);
      return undefined;
    }
  };

  const xUserId = read('x_user_id', normalizeXUserId);
  const xHandle = read('x_handle', normalizeHandle);
  const email = read('email', normalizeEmail);
  const address = cell('crypto_address');
  const chain = address === undefined ? undefined : read('crypto_chain', (c) => normalizeChain(c));
  const crypto = address === undefined ? undefined : read('crypto_address', (a) => normalizeCryptoAddress(chain ?? normalizeChain(undefined), a));
  const linkedin = read('linkedin_url', boundedLinkedinUrl);
  if (faults.length > 0) return { line, reason: printable(faults.join('; ')) };

  const identifiers: Identifier[] = [];
  if (xUserId !== undefined) identifiers.push({ kind: 'x_user_id', value: xUserId });
  if (xHandle !== undefined) identifiers.push({ kind: 'x_handle', value: xHandle });
  if (email !== undefined) identifiers.push({ kind: 'email', value: email });
  if (crypto !== undefined) identifiers.push({ kind: 'crypto', value: cryptoValue(chain ?? normalizeChain(undefined), crypto) });
  if (linkedin !== undefined) identifiers.push({ kind: 'linkedin', value: linkedin });
  if (identifiers.length === 0) {
    return { line, reason: 'no identifier (x_user_id, x_handle, email, crypto_address or linkedin_url)' };
  }

  const attributes: Record<string, string> = {};
  for (const { name, index } of columns.variables) {
    const value = record[index]?.trim();
    if (value) attributes[name] = value;
  }
  const [first, last] = names(cell('first_name'), cell('last_name'), cell('full_name'));
  return {
    line,
    identifiers,
    ...(xUserId === undefined ? {} : { xUserId }),
    ...(xHandle === undefined ? {} : { xHandle }),
    ...(first === undefined ? {} : { firstName: first }),
    ...(last === undefined ? {} : { lastName: last }),
    tags: parseTags(cell('tags') ?? ''),
    attributes,
  };
}

/** A full name fills in only what first_name and last_name leave blank: first word, then the rest. */
function names(first?: string, last?: string, full?: string): [string | undefined, string | undefined] {
  if (full === undefined || (first !== undefined && last !== undefined)) return [first, last];
  const [head, ...tail] = full.split(/\s+/);
  return [first ?? head, last ?? (tail.length > 0 ? tail.join(' ') : undefined)];
}

/** Percent-encoding can triple a slug: the stored URL is bounded too (it is unique-indexed). */
function boundedLinkedinUrl(raw: string): string {
  const url = canonicalLinkedinUrl(raw);
  if (url.length > MAX_IDENTIFIER_CHARS) {
    throw new InvalidValue(`a LinkedIn URL of ${count(url.length)} characters once normalised; the limit for an identifier is ${count(MAX_IDENTIFIER_CHARS)}`);
  }
  return url;
}
