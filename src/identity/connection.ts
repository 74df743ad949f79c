import type { Knex } from 'knex';
import type { ClientBase, QueryResultRow } from 'pg';

/** The identity code speaks plain SQL to one pg connection: bulk statements, temp tables, one transaction. */
export type Sql = ClientBase;

/** Borrows one connection from knex's pool for the duration of `work`. */
export async function withConnection<T>(db: Knex, work: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = (await db.client.acquireConnection()) as Sql;
  try {
    return await work(sql);
  } finally {
    await db.client.releaseConnection(sql);
  }
}

/** Commits what `work` returns; rolls back when it throws. */
export async function inTransaction<T>(sql: Sql, work: () => Promise<T>, isolation: 'read committed' | 'repeatable read' = 'read committed'): Promise<T> {
  await sql.query(`begin isolation level ${isolation}`);
  try {
    const result = await work();
    await sql.query('commit');
    return result;
  } catch (error) {
    // A failed rollback (a broken connection) must not hide why the work failed.
    await sql.query('rollback').catch(() => {});
    throw error;
  }
}

export async function rows<R extends QueryResultRow>(sql: Sql, text: string, values: unknown[] = []): Promise<R[]> {
  return (await sql.query<R>(text, values)).rows;
}
