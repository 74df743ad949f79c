import path from 'node:path';
import { knex, type Knex } from 'knex';
import './tables';

const migrations: Knex.MigratorConfig = {
  directory: path.resolve(__dirname, '..', '..', 'migrations'),
  // Migrations are TypeScript; the tsx require hook (npx tsx, mocha --require tsx/cjs) loads them.
  loadExtensions: ['.ts'],
};

/** Without a connect timeout, a server that accepts and never answers would hang a query forever. */
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export function createDb(url: string, opts: { poolMax?: number; connectTimeoutMs?: number } = {}): Knex {
  return knex({
    client: 'pg',
    connection: { connectionString: url, connectionTimeoutMillis: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS },
    pool: { min: 0, max: opts.poolMax ?? 5 },
    // knex would otherwise write the bound values (a lead's email, a message) into every error message.
    compileSqlOnError: false,
  });
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
