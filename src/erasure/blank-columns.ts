import type { Knex } from 'knex';

interface ColumnRow {
  column_name: string;
  data_type: string;
  is_nullable: 'YES' | 'NO';
}

/** The column types that can hold a person's words or identifiers; numbers, times and booleans cannot. */
const TEXT_TYPES: Record<string, string> = { text: "''", 'character varying': "''", json: "'{}'::json", jsonb: "'{}'::jsonb", ARRAY: "'{}'" };

/**
 * Each text, JSON and array column of the table but those kept, with its empty value: null where the column
 * takes one, else '' or '{}'. Read from the schema at the time, so a column added later is blanked too.
 */
export async function blankedColumns(db: Knex, table: string, keep: readonly string[]): Promise<Record<string, Knex.Raw>> {
  const rows: ColumnRow[] = await db('information_schema.columns')
    .where({ table_schema: db.raw('current_schema()'), table_name: table })
    .whereIn('data_type', Object.keys(TEXT_TYPES))
    .select('column_name', 'data_type', 'is_nullable');
  const blanks: Record<string, Knex.Raw> = {};
  for (const row of rows) {
    if (keep.includes(row.column_name)) continue;
    blanks[row.column_name] = db.raw(row.is_nullable === 'YES' ? 'null' : (TEXT_TYPES[row.data_type] as string));
  }
  return blanks;
}
