import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function forbid_row_change() returns trigger language plpgsql as $$
    begin
      raise exception '% rows are immutable: % rejected', tg_table_name, tg_op;
    end $$`);

  await knex.schema.createTable('sequences', (t) => {
    t.bigIncrements('id');
    t.text('name').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('sequence_versions', (t) => {
    t.bigIncrements('id');
    t.bigInteger('sequence_id').notNullable().references('sequences.id');
    t.integer('version').notNullable();
    t.jsonb('graph').notNullable();
    t.text('source').notNullable();
    t.text('checksum').notNullable();
    t.timestamp('published_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['sequence_id', 'version']);
  });
  await knex.raw(`
    create trigger sequence_versions_immutable before update or delete on sequence_versions
    for each row execute function forbid_row_change()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sequence_versions');
  await knex.schema.dropTable('sequences');
  await knex.raw('drop function forbid_row_change()');
}
