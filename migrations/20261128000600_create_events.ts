import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('events', (t) => {
    t.bigIncrements('id');
    t.text('event_key').notNullable().unique();
    t.text('workflow_id').notNullable().index();
    t.bigInteger('sequence_version_id').notNullable().references('sequence_versions.id');
    t.bigInteger('person_id').notNullable().references('persons.id');
    t.text('node_id');
    t.integer('visit');
    t.text('type').notNullable();
    t.enu('channel', ['x', 'email', 'linkedin', 'xmtp']);
    t.text('provider_id');
    t.bigInteger('sender_account_id').references('sender_accounts.id');
    t.jsonb('detail').notNullable().defaultTo('{}');
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['sequence_version_id', 'type']);
  });
  // Serves the per-account send counts behind rate caps and sender rotation.
  await knex.raw(`
    create index events_sends_by_sender on events (sender_account_id, occurred_at) where type = 'action_sent'`);
  await knex.raw(`
    create trigger events_append_only before update or delete on events
    for each row execute function forbid_row_change()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('events');
}
