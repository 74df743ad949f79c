import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { loadConfig, type Config } from '../config';
import { assertMigrated } from '../db/knex';
import { openDatabase } from '../db/open';
import { connectClient } from '../temporal/connection';

/** Runs `work` with the database (DATABASE_URL or the embedded one), closing it afterwards. */
export async function withDatabase<T>(work: (db: Knex, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, connectTimeoutMs: config.databaseConnectTimeoutMs });
  try {
    return await work(database.db, config);
  } finally {
    await database.close();
  }
}

/** Like withDatabase, for commands that need an up-to-date schema and a Temporal client. */
export async function withDatabaseAndTemporal<T>(
  work: (db: Knex, client: Client, config: Config) => Promise<T>,
): Promise<T> {
  return withDatabase(async (db, config) => {
    await assertMigrated(db);
    const client = await connectClient(config.temporal);
    try {
      return await work(db, client, config);
    } finally {
      await client.connection.close();
    }
  });
}
