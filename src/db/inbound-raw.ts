import type { Knex } from 'knex';

/** A stored event's payload as received (src/db/inbound-events.ts stores it; delivery reads it only where it must). */
export async function rawOfInboundEvent(db: Knex, id: string): Promise<unknown> {
  const row: { raw: unknown } | undefined = await db('inbound_events').where({ id }).first('raw');
  return row?.raw;
}
