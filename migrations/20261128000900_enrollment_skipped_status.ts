import type { Knex } from 'knex';

// A member the sequence cannot reach is recorded as `skipped` with its reason, so `status` can show it.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table enrollments drop constraint enrollments_status_check');
  await knex.raw(`alter table enrollments add constraint enrollments_status_check
    check (status in ('active', 'waiting', 'paused', 'completed', 'failed', 'cancelled', 'skipped'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex('enrollments').where({ status: 'skipped' }).delete();
  await knex.raw('alter table enrollments drop constraint enrollments_status_check');
  await knex.raw(`alter table enrollments add constraint enrollments_status_check
    check (status in ('active', 'waiting', 'paused', 'completed', 'failed', 'cancelled'))`);
}
