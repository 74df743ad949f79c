import type { Knex } from 'knex';

/**
 * Per-account provider settings that are not secret (SMTP and IMAP hosts, a gateway's address, the
 * unsubscribe endpoint): beside `credentials_ref`, which only names where the secrets live.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sender_accounts', (t) => {
    t.jsonb('settings').notNullable().defaultTo('{}');
    t.timestamp('status_changed_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sender_accounts', (t) => {
    t.dropColumn('status_changed_at');
    t.dropColumn('settings');
  });
}
