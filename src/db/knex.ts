import path from 'node:path';
import { knex, type Knex } from 'knex';
import './tables';

const migrations: Knex.MigratorConfig = {
  directory: path.resolve(__dirname, '..', '..', 'migrations'),
  // Migrations are TypeScript; the tsx require hook (npx tsx, mocha --require tsx/cjs) loads them.
  loadExtensions: ['.ts'],
};

export function createDb(url: string, opts: { poolMax?: number } = {}): Knex {
  return knex({ client: 'pg', connection: url, pool: { min: 0, max: opts.poolMax ?? 5 } });
}

export async function migrateToLatest(db: Knex): Promise<void> {
  await db.migrate.latest(migrations);
}

export async function rollbackAllMigrations(db: Knex): Promise<void> {
  await db.migrate.rollback(migrations, true);
}

export async function migrationStatus(db: Knex): Promise<{ applied: number; pending: number }> {
  const [applied, pending] = (await db.migrate.list(migrations)) as [unknown[], unknown[]];
  return { applied: applied.length, pending: pending.length };
}

/** Refuses to run against a schema that is behind the code, naming the command that fixes it. */
export async function assertMigrated(db: Knex): Promise<void> {
  const { pending } = await migrationStatus(db);
  if (pending > 0) throw new Error(`the database schema is ${pending} migration(s) behind: run \`npm run migrate\` first`);
}
