import type { Knex } from 'knex';

/**
 * Whether the account's provider events are posted to the ingest service (the X Activity API's webhook, the
 * LinkedIn gateway, an email provider through the generic route): the ingest service then reports it as a
 * configured live source, so its journeys check the provider once per window instead of every tick.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sender_accounts', (t) => {
    t.boolean('webhooks').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sender_accounts', (t) => {
    t.dropColumn('webhooks');
  });
}
