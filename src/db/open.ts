import type { Knex } from 'knex';
import { createDb } from './knex';
import { startPostgres, type StartPostgresOptions } from './postgres';

export interface OpenDatabase {
  db: Knex;
  url: string;
  close(): Promise<void>;
}

/** Connects to DATABASE_URL, or starts the embedded Postgres under `.data/` when it is not set. */
export async function openDatabase(
  opts: StartPostgresOptions & { poolMax?: number } = {},
): Promise<OpenDatabase> {
  const postgres = await startPostgres(opts);
  const db = createDb(postgres.url, { poolMax: opts.poolMax });
  return {
    db,
    url: postgres.url,
    async close() {
      await db.destroy();
      await postgres.stop();
    },
  };
}
