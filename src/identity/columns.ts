import { printable } from '../input/printable';
import { count, MAX_COLUMN_NAME_CHARS, MAX_COLUMNS, MAX_VARIABLES } from './csv-limits';

/** A file we cannot import at all (missing, empty, no identifier column, ambiguous header). */
export class UnusableFileError extends Error {}

export type StandardColumn =
  | 'x_user_id'
  | 'x_handle'
  | 'email'
  | 'crypto_address'
  | 'crypto_chain'
  | 'linkedin_url'
  | 'first_name'
  | 'last_name'
  | 'full_name'
  | 'tags';

/** Header names each standard column answers to, after normalisation (lower case, runs of other characters as `_`). */
const COLUMN_ALIASES: Record<StandardColumn, readonly string[]> = {
  x_user_id: ['x_user_id', 'x_id', 'twitter_id', 'twitter_user_id'],
  x_handle: ['x_handle', 'x', 'x_username', 'twitter', 'twitter_handle', 'twitter_username', 'handle'],
  email: ['email', 'e_mail', 'email_address', 'mail'],
  crypto_address: ['crypto_address', 'wallet', 'wallet_address', 'crypto'],
  crypto_chain: ['crypto_chain', 'chain', 'network'],
  linkedin_url: ['linkedin_url', 'linkedin', 'linkedin_profile'],
  first_name: ['first_name', 'firstname', 'given_name', 'first'],
  last_name: ['last_name', 'lastname', 'surname', 'family_name', 'last'],
  full_name: ['full_name', 'name', 'fullname'],
  tags: ['tags', 'tag', 'labels'],
};

const IDENTIFIER_COLUMNS: readonly StandardColumn[] = ['x_user_id', 'x_handle', 'email', 'crypto_address', 'linkedin_url'];

const BY_ALIAS = new Map<string, StandardColumn>(
  Object.entries(COLUMN_ALIASES).flatMap(([column, aliases]) => aliases.map((a) => [a, column as StandardColumn])),
);

export interface ColumnMap {
  /** 0-based position of each standard column present. */
  standard: Partial<Record<StandardColumn, number>>;
  /** Every other column: a template variable under its normalised name. */
  variables: { name: string; index: number }[];
  width: number;
  /** Each column's name as the header writes it, for messages. */
  header: readonly string[];
}

function normalizeHeaderName(name: string): string {
  return name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

/** Reads the header row; throws UnusableFileError naming the column at fault. */
export function mapColumns(header: readonly string[]): ColumnMap {
  if (header.length > MAX_COLUMNS) {
    throw new UnusableFileError(`the header has ${count(header.length)} columns; the limit is ${MAX_COLUMNS} (keep the columns your sequences use)`);
  }
  const map: ColumnMap = { standard: {}, variables: [], width: header.length, header };
  const seen = new Map<string, number>();
  header.forEach((raw, index) => {
    if (raw.includes('\u0000')) throw new UnusableFileError(`column ${index + 1}'s name holds a NUL byte (0x00); a header is text`);
    if (raw.length > MAX_COLUMN_NAME_CHARS) {
      throw new UnusableFileError(`column ${index + 1}'s name is ${count(raw.length)} characters; the limit is ${MAX_COLUMN_NAME_CHARS}`);
    }
    const name = normalizeHeaderName(raw);
    if (name === '') throw new UnusableFileError(`column ${index + 1} has no name`);
    const standard = BY_ALIAS.get(name);
    const key = standard ?? name;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new UnusableFileError(`columns ${earlier + 1} ("${printable(header[earlier] ?? '')}") and ${index + 1} ("${printable(raw)}") both mean ${key}`);
    }
    seen.set(key, index);
    if (standard) map.standard[standard] = index;
    else map.variables.push({ name, index });
  });
  if (map.variables.length > MAX_VARIABLES) {
    throw new UnusableFileError(
      `the header has ${count(map.variables.length)} variable columns (columns that are not standard fields); the limit is ${MAX_VARIABLES} (keep the columns your sequences use)`,
    );
  }
  if (!IDENTIFIER_COLUMNS.some((c) => map.standard[c] !== undefined)) {
    throw new UnusableFileError(`no identifier column: expected one of ${IDENTIFIER_COLUMNS.join(', ')} (or an alias)`);
  }
  return map;
}
