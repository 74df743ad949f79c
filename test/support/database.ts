import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { createDb, migrateToLatest } from '../../src/db/knex';
import { startPostgres, type RunningPostgres } from '../../src/db/postgres';

interface Shared {
  postgres: RunningPostgres;
  db: Knex;
}

let shared: Promise<Shared> | undefined;
const scratchDbs: Knex[] = [];

async function start(): Promise<Shared> {
  const postgres = await startPostgres({
    databaseUrl: null,
    dataDir: `.data/test/${randomUUID()}`,
    persistent: false,
  });
  const db = createDb(postgres.url);
  await migrateToLatest(db);
  return { postgres, db };
}

/** The migrated database shared by every test file; started on first use. */
export async function testDb(): Promise<Knex> {
  shared ??= start();
  return (await shared).db;
}

/** The URL of the shared test database, for commands run as child processes (DATABASE_URL). */
export async function testDbUrl(): Promise<string> {
  await testDb();
  return (await (shared as Promise<Shared>)).postgres.url;
}

/** A new, empty database in the shared server, for tests that change the schema itself. */
export async function scratchDb(): Promise<Knex> {
  const { postgres, db } = await (shared ??= start());
  const name = `scratch_${randomUUID().replace(/-/g, '')}`;
  await db.raw('create database ??', [name]);
  const url = new URL(postgres.url);
  url.pathname = `/${name}`;
  const scratch = createDb(url.toString());
  scratchDbs.push(scratch);
  scratchUrls.set(scratch, url.toString());
  return scratch;
}

const scratchUrls = new WeakMap<Knex, string>();

/** The URL of a scratch or isolated database, for commands run as child processes (DATABASE_URL). */
export function scratchDbUrl(db: Knex): string {
  const url = scratchUrls.get(db);
  if (!url) throw new Error('scratchDbUrl: not a database from scratchDb or isolatedDb');
  return url;
}

/**
 * A scratch database with the schema: for tests whose journeys pick a sender account, so that accounts
 * other test files left active cannot be chosen.
 */
export async function isolatedDb(): Promise<Knex> {
  const db = await scratchDb();
  await migrateToLatest(db);
  return db;
}

export const mochaHooks = {
  async afterAll(): Promise<void> {
    if (!shared) return;
    const { postgres, db } = await shared;
    for (const scratch of scratchDbs.splice(0)) await scratch.destroy();
    await db.destroy();
    await postgres.stop();
  },
};
