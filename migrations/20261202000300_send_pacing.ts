import type { Knex } from 'knex';

/**
 * Steady sends: each sender account's pacing (a minimum interval and a burst, null for the provider's
 * default) and its GCRA timestamp (the theoretical arrival time of its next send), and the account each
 * person hears from on each channel, whatever the sequence. An assignment outlives a removed account
 * (set null), so the next send knows it is a reassignment.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sender_accounts', (t) => {
    t.integer('min_interval_ms');
    t.integer('burst');
    t.timestamp('pacing_tat', { useTz: true });
  });
  await knex.raw(`alter table sender_accounts add constraint sender_accounts_min_interval_bounded
    check (min_interval_ms between 0 and 86400000)`);
  await knex.raw(`alter table sender_accounts add constraint sender_accounts_burst_bounded
    check (burst between 1 and 1000 and burst <= hourly_cap)`);
  await knex.schema.createTable('sender_assignments', (t) => {
    t.bigInteger('person_id').notNullable().references('id').inTable('persons').onDelete('CASCADE');
    // Literal list, not an import from src/: a migration must not change when the code does.
    t.enu('channel', ['x', 'email', 'linkedin', 'xmtp']).notNullable();
    t.bigInteger('sender_account_id').references('id').inTable('sender_accounts').onDelete('SET NULL');
    t.timestamp('assigned_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['person_id', 'channel']);
    t.index(['sender_account_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sender_assignments');
  await knex.raw('alter table sender_accounts drop constraint sender_accounts_burst_bounded');
  await knex.raw('alter table sender_accounts drop constraint sender_accounts_min_interval_bounded');
  await knex.schema.alterTable('sender_accounts', (t) => {
    t.dropColumn('pacing_tat');
    t.dropColumn('burst');
    t.dropColumn('min_interval_ms');
  });
}
