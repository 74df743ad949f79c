import type { Knex } from 'knex';
import { CONNECT_TIMEOUT } from '../config';
import { checkPostgres } from './connect-check';
import { createDb } from './knex';
import { closeSendLocks } from './send-locks';
import { startPostgres, type StartPostgresOptions } from './postgres';

export interface OpenDatabase {
  db: Knex;
  url: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions extends StartPostgresOptions {
  poolMax?: number;
  /** How long one connection attempt may take (DATABASE_CONNECT_TIMEOUT); 10 s when absent. */
  connectTimeoutMs?: number;
}

/**
 * Connects to DATABASE_URL, or starts the embedded Postgres under `.data/` when it is not set. One
 * connection is tried at once, so a bad URL, password or port stops the command here with its reason.
 */
export async function openDatabase(opts: OpenDatabaseOptions = {}): Promise<OpenDatabase> {
  const postgres = await startPostgres(opts);
  const connectTimeoutMs = opts.connectTimeoutMs ?? CONNECT_TIMEOUT.defaultMs;
  try {
    await checkPostgres(postgres.url, {
      source: postgres.external ? 'DATABASE_URL' : 'the embedded Postgres',
      timeoutMs: connectTimeoutMs,
      timeoutSetting: 'DATABASE_CONNECT_TIMEOUT',
    });
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  const db = createDb(postgres.url, { poolMax: opts.poolMax, connectTimeoutMs });
  return {
    db,
    url: postgres.url,
    async close() {
      await closeSendLocks(db);
      await db.destroy();
      await postgres.stop();
    },
  };
}
