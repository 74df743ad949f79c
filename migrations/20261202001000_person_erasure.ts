import type { Knex } from 'knex';

/**
 * Erasure (`outreach person erase`, src/erasure/). A person's row stays, blanked, with `erased_at`: events and
 * enrollments still name its id. Events stay append-only with one narrow exception: inside a transaction that
 * names the person in `outreach.erasing_persons` (set_config, transaction-local), an UPDATE of one of that
 * person's events may only take things away: clear `provider_id` and drop keys of `detail`, marking it
 * `erased`. Every other column must stay as it was; anything else is refused as before.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('persons', (t) => {
    t.timestamp('erased_at', { useTz: true });
  });
  await knex.raw(`
    create function events_change_only_by_erasure() returns trigger language plpgsql as $$
    declare
      erasing bigint[] := coalesce(nullif(current_setting('outreach.erasing_persons', true), ''), '{}')::bigint[];
    begin
      if tg_op = 'UPDATE'
         and old.person_id = any(erasing)
         and (to_jsonb(new) - 'detail' - 'provider_id') = (to_jsonb(old) - 'detail' - 'provider_id')
         and (new.provider_id is null or new.provider_id = old.provider_id)
         and new.detail -> 'erased' = 'true'::jsonb
         and (new.detail - 'erased') <@ old.detail
      then
        return new;
      end if;
      raise exception '% rows are immutable: % rejected', tg_table_name, tg_op;
    end $$`);
  await knex.raw('drop trigger events_append_only on events');
  await knex.raw(`
    create trigger events_append_only before update or delete on events
    for each row execute function events_change_only_by_erasure()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger events_append_only on events');
  await knex.raw(`
    create trigger events_append_only before update or delete on events
    for each row execute function forbid_row_change()`);
  await knex.raw('drop function events_change_only_by_erasure()');
  await knex.schema.alterTable('persons', (t) => {
    t.dropColumn('erased_at');
  });
}
