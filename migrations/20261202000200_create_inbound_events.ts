import type { Knex } from 'knex';

/**
 * Every event a provider reported (signed webhooks, the X webhook and activity stream, the LinkedIn gateway,
 * IMAP IDLE, XMTP's stream), stored once before it is answered, then delivered to the person's journeys.
 * `delivered_at` is set when delivery finished, whatever the resolution; until then the sweeper retries it
 * from `next_attempt_at`, at most a bounded number of attempts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('inbound_events', (t) => {
    t.bigIncrements('id');
    // Literal lists, not imports from src/: a migration must not change when the code does.
    t.enu('origin', ['webhook', 'x', 'linkedin-gateway', 'imap', 'xmtp']).notNullable();
    t.text('provider_event_id').notNullable();
    t.text('type').notNullable();
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.bigInteger('sender_account_id').references('id').inTable('sender_accounts').onDelete('SET NULL');
    t.jsonb('from_ref').notNullable();
    t.text('in_reply_to');
    t.jsonb('raw').notNullable();
    t.bigInteger('person_id').references('id').inTable('persons').onDelete('SET NULL');
    t.enu('resolution', ['delivered', 'nobody', 'no-journey', 'not-an-observation']);
    t.integer('journeys_signalled').notNullable().defaultTo(0);
    t.timestamp('delivered_at', { useTz: true });
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('last_error');
    t.unique(['origin', 'provider_event_id']);
    t.check('(resolution is null) = (delivered_at is null)', [], 'inbound_events_resolution_with_delivered_at');
  });
  await knex.raw('create index inbound_events_undelivered on inbound_events (next_attempt_at) where delivered_at is null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index inbound_events_undelivered');
  await knex.schema.dropTable('inbound_events');
}
