import { printable } from '../input/printable';
import { cellFaults } from './cell-limits';
import type { ColumnMap, StandardColumn } from './columns';
import { cryptoValue, type Identifier } from './identifiers';
import {
  InvalidValue,
  normalizeChain,
  normalizeCryptoAddress,
  normalizeEmail,
  normalizeHandle,
  normalizeLinkedinUrl,
  normalizeXUserId,
  parseTags,
} from './normalize';

/** One good line of the file, normalised. */
export interface ImportRow {
  /** Where the row is in its input: the 1-based line a CSV record starts on, the index of a lead. */
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
  const linkedin = read('linkedin_url', normalizeLinkedinUrl);
  if (faults.length > 0) return { line, reason: printable(faults.join('; ')) };

  const attributes: Record<string, string> = {};
  for (const { name, index } of columns.variables) {
    const value = record[index]?.trim();
    if (value) attributes[name] = value;
  }
  const [firstName, lastName] = names(cell('first_name'), cell('last_name'), cell('full_name'));
  const row = importRow(line, {
    xUserId,
    xHandle,
    email,
    crypto: crypto === undefined ? undefined : { chain: chain ?? normalizeChain(undefined), address: crypto },
    linkedinUrl: linkedin,
    firstName,
    lastName,
    tags: parseTags(cell('tags') ?? ''),
    attributes,
  });
  return row ?? { line, reason: 'no identifier (x_user_id, x_handle, email, crypto_address or linkedin_url)' };
}

/** What one way in (a CSV record, a lead of a leads file) says about a person, every value normalised. */
interface PersonValues {
  xUserId?: string;
  xHandle?: string;
  email?: string;
  crypto?: { chain: string; address: string };
  linkedinUrl?: string;
  firstName?: string;
  lastName?: string;
  tags?: string[];
  /** Only values that say something: a blank one would erase nothing anyway. */
  attributes?: Record<string, string>;
}

/** The row the graph's writer takes (./write.ts); undefined when the values hold no identifier. */
export function importRow(line: number, v: PersonValues): ImportRow | undefined {
  const identifiers: Identifier[] = [];
  if (v.xUserId !== undefined) identifiers.push({ kind: 'x_user_id', value: v.xUserId });
  if (v.xHandle !== undefined) identifiers.push({ kind: 'x_handle', value: v.xHandle });
  if (v.email !== undefined) identifiers.push({ kind: 'email', value: v.email });
  if (v.crypto !== undefined) identifiers.push({ kind: 'crypto', value: cryptoValue(v.crypto.chain, v.crypto.address) });
  if (v.linkedinUrl !== undefined) identifiers.push({ kind: 'linkedin', value: v.linkedinUrl });
  if (identifiers.length === 0) return undefined;
  return {
    line,
    identifiers,
    ...(v.xUserId === undefined ? {} : { xUserId: v.xUserId }),
    ...(v.xHandle === undefined ? {} : { xHandle: v.xHandle }),
    ...(v.firstName === undefined ? {} : { firstName: v.firstName }),
    ...(v.lastName === undefined ? {} : { lastName: v.lastName }),
    tags: v.tags ?? [],
    attributes: v.attributes ?? {},
  };
}

/** A full name fills in only what first_name and last_name leave blank: first word, then the rest. */
function names(first?: string, last?: string, full?: string): [string | undefined, string | undefined] {
  if (full === undefined || (first !== undefined && last !== undefined)) return [first, last];
  const [head, ...tail] = full.split(/\s+/);
  return [first ?? head, last ?? (tail.length > 0 ? tail.join(' ') : undefined)];
}
