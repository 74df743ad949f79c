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

/** Runs `work` with a Temporal client, closing its connection afterwards. */
export async function withTemporal<T>(config: Config, work: (client: Client) => Promise<T>): Promise<T> {
  const client = await connectClient(config.temporal);
  try {
    return await work(client);
  } finally {
    await client.connection.close();
  }
}

/** Like withDatabase, for commands that need an up-to-date schema and a Temporal client. */
export async function withDatabaseAndTemporal<T>(
  work: (db: Knex, client: Client, config: Config) => Promise<T>,
): Promise<T> {
  return withDatabase(async (db, config) => {
    await assertMigrated(db);
    return withTemporal(config, (client) => work(db, client, config));
  });
}
