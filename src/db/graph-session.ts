import type { Knex } from 'knex';

/**
 * Serialises writers of the identity graph until the transaction ends: two writers must not create the same
 * identifier twice. Taken again by the same transaction, it is already held.
 */
export async function lockGraph(trx: Knex.Transaction): Promise<void> {
  await trx.raw("select pg_advisory_xact_lock(hashtext('outreach identity graph import'))");
}

/** For a transaction of many small statements: starting parallel workers for them costs more than it saves. */
export async function preferSerialPlans(trx: Knex.Transaction): Promise<void> {
  await trx.raw('set local max_parallel_workers_per_gather = 0');
}

/**
 * Refreshes the planner's statistics of the graph tables. Rows this transaction inserted count: without this,
 * a table that grew from nothing inside an import still looks empty, and the planner picks plans (sequential
 * scans, nested loops) that cost a table scan per lookup.
 */
export async function analyzeGraph(trx: Knex.Transaction): Promise<void> {
  // Row counts are what matters here; a small sample keeps each pass cheap. Autovacuum refines it later.
  await trx.raw('set local default_statistics_target = 10');
  await trx.raw('analyze persons, x_profiles, emails, crypto_addresses, linkedin_profiles');
  await trx.raw('reset default_statistics_target');
}
