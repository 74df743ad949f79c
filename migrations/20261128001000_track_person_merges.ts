import type { Knex } from 'knex';

/**
 * A merged person is kept, not deleted: events (append-only) and enrollments (whose workflow ids embed the
 * person id) still name it. `merged_into` always names a live person (merges repoint older tombstones too),
 * so one hop finds the person who holds its identifiers now.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('persons', (t) => {
    t.bigInteger('merged_into').references('persons.id');
    t.timestamp('merged_at', { useTz: true });
    t.check('merged_into <> id', [], 'persons_not_merged_into_self');
    t.check('(merged_into is null) = (merged_at is null)', [], 'persons_merged_at_with_merged_into');
  });
  await knex.raw('create index persons_merged_into on persons (merged_into) where merged_into is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index persons_merged_into');
  await knex.schema.alterTable('persons', (t) => {
    t.dropChecks(['persons_not_merged_into_self', 'persons_merged_at_with_merged_into']);
    t.dropColumn('merged_at');
    t.dropColumn('merged_into');
  });
}
