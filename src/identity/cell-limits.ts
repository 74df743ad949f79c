import type { ColumnMap, StandardColumn } from './columns';
import { count, MAX_IDENTIFIER_CHARS, MAX_NAME_CHARS, MAX_TAGS_CHARS, MAX_VARIABLE_CHARS } from './csv-limits';

const IDENTIFIER = { max: MAX_IDENTIFIER_CHARS, what: 'an identifier' };
const NAME = { max: MAX_NAME_CHARS, what: 'a name' };

const STANDARD_LIMITS: Record<StandardColumn, { max: number; what: string }> = {
  x_user_id: IDENTIFIER,
  x_handle: IDENTIFIER,
  email: IDENTIFIER,
  crypto_address: IDENTIFIER,
  crypto_chain: IDENTIFIER,
  linkedin_url: IDENTIFIER,
  first_name: NAME,
  last_name: NAME,
  full_name: NAME,
  tags: { max: MAX_TAGS_CHARS, what: 'tags' },
};
const VARIABLE = { max: MAX_VARIABLE_CHARS, what: 'a variable' };

/**
 * What makes a record unstorable before any value is read: a NUL byte (Postgres text cannot hold one) or a
 * cell over its column's limit. Checked first, so that no message ever quotes an oversized value.
 */
export function cellFaults(record: readonly string[], columns: ColumnMap): string[] {
  const faults: string[] = [];
  const column = (index: number) => `column ${index + 1} ("${columns.header[index] ?? ''}")`;
  record.forEach((cell, index) => {
    if (cell.includes('\u0000')) faults.push(`${column(index)} holds a NUL byte (0x00), which text cannot hold`);
  });
  const check = (index: number, limit: { max: number; what: string }) => {
    const length = record[index]?.length ?? 0;
    if (length > limit.max) faults.push(`${column(index)} is ${count(length)} characters; the limit for ${limit.what} is ${count(limit.max)}`);
  };
  for (const [name, index] of Object.entries(columns.standard)) check(index, STANDARD_LIMITS[name as StandardColumn]);
  for (const { index } of columns.variables) check(index, VARIABLE);
  return faults;
}
