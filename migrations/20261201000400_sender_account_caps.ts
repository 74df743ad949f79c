import type { Knex } from 'knex';

/**
 * The caps rule as a backstop under the code's check (src/senders/caps.ts): both caps at least 1, hourly at
 * most daily, and a daily cap that 24 hours of the hourly cap can reach. Rows written before the rule are
 * fitted first, which changes no account's sending: an hourly cap over the daily one, or a daily cap over 24
 * hourly caps, can never be reached. The per-channel ceilings stay in code, where their reasons are.
 */
const RULES = {
  sender_accounts_caps_positive: 'hourly_cap >= 1 and daily_cap >= 1',
  sender_accounts_hourly_within_daily: 'hourly_cap <= daily_cap',
  sender_accounts_daily_reachable: 'daily_cap <= 24::bigint * hourly_cap',
};

export async function up(knex: Knex): Promise<void> {
  await knex('sender_accounts').where('hourly_cap', '<', 1).update({ hourly_cap: 1 });
  await knex('sender_accounts').where('daily_cap', '<', 1).update({ daily_cap: 1 });
  await knex('sender_accounts').whereRaw('hourly_cap > daily_cap').update({ hourly_cap: knex.raw('daily_cap') });
  await knex('sender_accounts').whereRaw('daily_cap > 24::bigint * hourly_cap').update({ daily_cap: knex.raw('24 * hourly_cap') });
  for (const [name, rule] of Object.entries(RULES)) {
    await knex.raw(`alter table sender_accounts add constraint ?? check (${rule})`, [name]);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const name of Object.keys(RULES).reverse()) {
    await knex.raw('alter table sender_accounts drop constraint ??', [name]);
  }
}
