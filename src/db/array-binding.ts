import type { Knex } from 'knex';

/**
 * A list bound as one Postgres array parameter (`?::text[]`), whatever its length: one parameter, never one
 * per value (a list can exceed Postgres' 65,535). node-postgres serialises it (through `toPostgres`); knex
 * sees one value, so it does not walk the whole list looking for an undefined, which for the importer's
 * batches (five lists of 5,000 per statement) cost more than the rest of knex together.
 */
export function arrayBinding(values: readonly (string | number | null)[]): Knex.Value {
  return { toPostgres: () => values };
}
