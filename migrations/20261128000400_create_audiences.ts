import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audiences', (t) => {
    t.bigIncrements('id');
    t.text('name').notNullable().unique();
    t.jsonb('filter').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('audience_members', (t) => {
    t.bigInteger('audience_id').notNullable().references('audiences.id').onDelete('CASCADE');
    t.bigInteger('person_id').notNullable().references('persons.id').onDelete('CASCADE').index();
    t.jsonb('variables').notNullable().defaultTo('{}');
    t.primary(['audience_id', 'person_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audience_members');
  await knex.schema.dropTable('audiences');
}
