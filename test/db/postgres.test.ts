import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { startPostgres } from '../../src/db/postgres';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('startPostgres', () => {
  it('reuses an initialised data folder, and removes it on stop when not persistent', async () => {
    const dataDir = path.resolve(__dirname, '..', '..', '.data', 'test', randomUUID());

    const first = await startPostgres({ databaseUrl: null, dataDir, persistent: true });
    await query(first.url, 'create table survives_restart (id int)');
    await first.stop();
    assert.ok(existsSync(path.join(dataDir, 'PG_VERSION')));

    const second = await startPostgres({ databaseUrl: null, dataDir, persistent: false });
    assert.deepEqual(await query(second.url, 'select count(*)::int as n from survives_restart'), [{ n: 0 }]);
    await second.stop();
    assert.equal(existsSync(dataDir), false);
  });

  it('returns a given database url without starting anything', async () => {
    const url = 'postgres://someone@db.example:5432/outreach';
    const running = await startPostgres({ databaseUrl: url });
    assert.equal(running.url, url);
    await running.stop();
  });
});
