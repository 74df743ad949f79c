import type { Knex } from 'knex';

// Serves the per-account cap check, which counts reservations in the last hour and day.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create index events_reservations_by_sender on events (sender_account_id, occurred_at)
    where type = 'send_reserved'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index events_reservations_by_sender');
}
