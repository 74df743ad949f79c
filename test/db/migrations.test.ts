import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { migrateToLatest, rollbackAllMigrations } from '../../src/db/knex';
import { scratchDb } from '../support/database';

const TABLES = [
  'sequences',
  'sequence_versions',
  'sender_accounts',
  'sender_assignments',
  'event_sources',
  'persons',
  'x_profiles',
  'emails',
  'crypto_addresses',
  'linkedin_profiles',
  'identity_links',
  'audiences',
  'audience_members',
  'enrollments',
  'events',
  'sandbox_outbox',
  'sandbox_scripts',
  'listener_watermarks',
  'inbound_events',
  'suppressions',
  'suppression_changes',
  'suppression_key',
  'bounce_reports',
];

async function userTables(db: Knex): Promise<string[]> {
  const rows: { table_name: string }[] = await db('information_schema.tables')
    .where({ table_schema: 'public' })
    .whereNotIn('table_name', ['knex_migrations', 'knex_migrations_lock'])
    .select('table_name');
  return rows.map((r) => r.table_name).sort();
}

async function userFunctions(db: Knex): Promise<string[]> {
  const rows: { proname: string }[] = await db('pg_proc')
    .join('pg_namespace', 'pg_namespace.oid', 'pg_proc.pronamespace')
    .where('pg_namespace.nspname', 'public')
    .select('proname');
  return rows.map((r) => r.proname);
}

describe('migrations', () => {
  it('go up, down to nothing, and up again', async () => {
    const db = await scratchDb();

    await migrateToLatest(db);
    assert.deepEqual(await userTables(db), [...TABLES].sort());

    await rollbackAllMigrations(db);
    assert.deepEqual(await userTables(db), []);
    assert.deepEqual(await userFunctions(db), []);

    await migrateToLatest(db);
    assert.deepEqual(await userTables(db), [...TABLES].sort());
  });
});
