import path from 'node:path';
import { knex, type Knex } from 'knex';
import './tables';

const migrations: Knex.MigratorConfig = {
  directory: path.resolve(__dirname, '..', '..', 'migrations'),
  // Migrations are TypeScript; the tsx require hook (npx tsx, mocha --require tsx/cjs) loads them.
  loadExtensions: ['.ts'],
};

export function createDb(url: string): Knex {
  return knex({ client: 'pg', connection: url, pool: { min: 0, max: 5 } });
}

export async function migrateToLatest(db: Knex): Promise<void> {
  await db.migrate.latest(migrations);
}

export async function rollbackAllMigrations(db: Knex): Promise<void> {
  await db.migrate.rollback(migrations, true);
}
