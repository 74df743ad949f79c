import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sandbox_outbox', (t) => {
    t.bigIncrements('id');
    t.text('idempotency_key').notNullable().unique();
    t.enu('channel', ['x', 'email', 'linkedin', 'xmtp']).notNullable();
    t.text('action').notNullable();
    t.bigInteger('person_id').notNullable().references('persons.id').index();
    t.bigInteger('sender_account_id').references('sender_accounts.id');
    t.text('subject');
    t.text('body');
    t.text('provider_message_id').notNullable().unique().defaultTo(knex.raw(`'sandbox-' || gen_random_uuid()`));
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('sandbox_scripts', (t) => {
    t.bigInteger('person_id').primary().references('persons.id').onDelete('CASCADE');
    t.jsonb('script').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sandbox_scripts');
  await knex.schema.dropTable('sandbox_outbox');
}
