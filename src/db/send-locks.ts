import { knex, type Knex } from 'knex';

/** The advisory lock class of "a send to this person": (class, person id folded into an int4). */
const SEND_LOCK_CLASS = 0x5e4d;
/** Connections one process may hold for sends in flight; a send beyond waits for one. */
const SEND_LOCK_CONNECTIONS = 50;

const pools = new WeakMap<Knex, Knex>();

/**
 * The pool send locks are held on: its own, beside `db`'s, since a send holds its connection for the
 * provider call while the adapter may need one of `db`'s (the sandbox writes its outbox), and a shared pool
 * would deadlock once every connection were held by a send waiting for another.
 */
function lockPool(db: Knex): Knex {
  let pool = pools.get(db);
  if (!pool) {
    const config = db.client.config as Knex.Config;
    pool = knex({ client: 'pg', connection: config.connection, pool: { min: 0, max: SEND_LOCK_CONNECTIONS }, compileSqlOnError: false });
    pools.set(db, pool);
  }
  return pool;
}

/** Closes the send-lock pool of `db`, if one was opened (with the database itself). */
export async function closeSendLocks(db: Knex): Promise<void> {
  const pool = pools.get(db);
  pools.delete(db);
  await pool?.destroy();
}

const lockArgs = (personId: string) => [SEND_LOCK_CLASS, Number(BigInt(personId) % 2147483647n)];

/**
 * Runs a send to the person under a shared lock on them: sends to one person run side by side, but a
 * suppression of the person (lockPersonsForSuppression) waits until those in flight are done, and every
 * send after it sees it. `work` gets the transaction, to read the suppressions with.
 */
export function underSendLock<T>(db: Knex, personId: string, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return lockPool(db).transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock_shared(?, ?)', lockArgs(personId));
    return work(trx);
  });
}

/** Takes the persons' send locks exclusively for the transaction: sends in flight finish first, none start. */
export async function lockPersonsForSuppression(trx: Knex.Transaction, personIds: readonly string[]): Promise<void> {
  // In one order, so two suppressions of overlapping persons cannot deadlock.
  const keys = [...new Set(personIds.map((id) => lockArgs(id)[1] as number))].sort((a, b) => a - b);
  for (const key of keys) await trx.raw('select pg_advisory_xact_lock(?, ?)', [SEND_LOCK_CLASS, key]);
}
