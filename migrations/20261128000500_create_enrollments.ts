import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('enrollments', (t) => {
    t.bigIncrements('id');
    t.text('workflow_id').notNullable().unique();
    t.bigInteger('sequence_id').notNullable().references('sequences.id');
    t.bigInteger('sequence_version_id').notNullable().references('sequence_versions.id');
    t.bigInteger('person_id').notNullable().references('persons.id').index();
    t.bigInteger('audience_id').references('audiences.id');
    t.enu('status', ['active', 'waiting', 'paused', 'completed', 'failed', 'cancelled']).notNullable();
    t.text('current_node');
    t.integer('visit').notNullable().defaultTo(0);
    t.jsonb('variant_choices').notNullable().defaultTo('{}');
    t.timestamp('next_action_at', { useTz: true });
    t.text('end_reason');
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.timestamp('ended_at', { useTz: true });
    t.unique(['sequence_id', 'person_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('enrollments');
}
