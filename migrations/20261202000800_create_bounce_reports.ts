import type { Knex } from 'knex';

/**
 * Every bounce and complaint the ingest handled, one row per inbound event (so a redelivered event counts
 * once), with what it did. The recipient is kept only as its suppression hash: nothing here to erase.
 * Soft bounces per address and hard bounces per sender account are counted from it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bounce_reports', (t) => {
    t.bigIncrements('id');
    t.bigInteger('inbound_event_id').references('id').inTable('inbound_events').onDelete('SET NULL').unique();
    // Literal lists, not imports from src/: a migration must not change when the code does.
    t.enu('kind', ['hard', 'soft', 'complaint']);
    t.text('status');
    t.text('identifier_hash');
    t.bigInteger('sender_account_id').references('id').inTable('sender_accounts').onDelete('SET NULL');
    t.enu('outcome', ['suppressed', 'counted', 'no-recipient', 'unrecognised']).notNullable();
    t.integer('journeys_ended').notNullable().defaultTo(0);
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['identifier_hash', 'kind', 'occurred_at']);
    t.index(['sender_account_id', 'kind', 'occurred_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('bounce_reports');
}
