import type { Knex } from 'knex';

/** Row count and a digest of the contents of every table of the schema (migrations' own tables left out). */
export async function tableFingerprints(db: Knex): Promise<Record<string, string>> {
  const tables: { name: string }[] = await db('information_schema.tables')
    .where({ table_schema: 'public', table_type: 'BASE TABLE' })
    .whereNotIn('table_name', ['knex_migrations', 'knex_migrations_lock'])
    .orderBy('table_name')
    .select('table_name as name');
  const fingerprints: Record<string, string> = {};
  for (const { name } of tables) {
    const row: { rows: string; digest: string | null } = await db
      .from(db.raw('?? as t', [name]))
      .first(db.raw('count(*)::text as rows'), db.raw('md5(string_agg(t::text, \'|\' order by t::text)) as digest'));
    fingerprints[name] = `${row.rows}:${row.digest ?? '-'}`;
  }
  return fingerprints;
}
