import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sender_accounts', (t) => {
    t.bigIncrements('id');
    // Literal lists, not imports from src/: a migration must not change when the code does.
    t.enu('channel', ['x', 'email', 'linkedin', 'xmtp']).notNullable();
    t.text('provider').notNullable();
    t.text('handle').notNullable();
    t.integer('hourly_cap').notNullable();
    t.integer('daily_cap').notNullable();
    t.jsonb('credentials_ref').notNullable().defaultTo('{}');
    t.enu('status', ['active', 'paused', 'disabled']).notNullable().defaultTo('active');
    t.text('status_reason');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['channel', 'handle']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sender_accounts');
}
