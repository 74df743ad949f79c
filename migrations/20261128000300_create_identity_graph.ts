import type { Knex } from 'knex';

const IDENTIFIER_TABLES = ['x_profiles', 'emails', 'crypto_addresses', 'linkedin_profiles', 'identity_links'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('persons', (t) => {
    t.bigIncrements('id');
    t.text('first_name');
    t.text('last_name');
    t.jsonb('attributes').notNullable().defaultTo('{}');
    t.specificType('tags', 'text[]').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  const owned = (t: Knex.CreateTableBuilder) => {
    t.bigIncrements('id');
    t.bigInteger('person_id').notNullable().references('persons.id').onDelete('CASCADE').index();
  };
  const createdAt = (t: Knex.CreateTableBuilder) =>
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());

  await knex.schema.createTable('x_profiles', (t) => {
    owned(t);
    t.text('x_user_id').unique();
    t.text('handle').unique();
    createdAt(t);
    t.check('x_user_id is not null or handle is not null');
    t.check('handle = lower(handle)');
  });
  await knex.schema.createTable('emails', (t) => {
    owned(t);
    t.text('address').notNullable().unique();
    createdAt(t);
    t.check('address = lower(address)');
  });
  await knex.schema.createTable('crypto_addresses', (t) => {
    owned(t);
    t.text('chain').notNullable();
    t.text('address').notNullable();
    createdAt(t);
    t.unique(['chain', 'address']);
  });
  await knex.schema.createTable('linkedin_profiles', (t) => {
    owned(t);
    t.text('url').notNullable().unique();
    createdAt(t);
  });
  await knex.schema.createTable('identity_links', (t) => {
    owned(t);
    t.text('kind_a').notNullable();
    t.text('value_a').notNullable();
    t.text('kind_b').notNullable();
    t.text('value_b').notNullable();
    t.text('source').notNullable();
    t.timestamp('observed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of IDENTIFIER_TABLES) await knex.schema.dropTable(table);
  await knex.schema.dropTable('persons');
}
