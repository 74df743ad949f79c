import type { Knex } from 'knex';

/**
 * What hears each sender account's provider events (an IMAP IDLE connection, the X activity stream, XMTP's
 * message stream, or webhooks configured for it): a journey with a live source checks once per window
 * instead of on every tick. A connected source re-reports itself; one that stops doing so is not live.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('event_sources', (t) => {
    t.bigInteger('sender_account_id').notNullable().references('id').inTable('sender_accounts').onDelete('CASCADE');
    // Literal lists, not imports from src/: a migration must not change when the code does.
    t.enu('kind', ['imap-idle', 'x-activity-stream', 'x-webhook', 'xmtp-stream', 'webhook']).notNullable();
    t.enu('state', ['connected', 'disconnected', 'configured']).notNullable();
    t.timestamp('last_event_at', { useTz: true });
    t.text('last_error');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['sender_account_id', 'kind']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('event_sources');
}
