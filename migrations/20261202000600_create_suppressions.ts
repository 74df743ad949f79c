import type { Knex } from 'knex';

/**
 * The do-not-contact list. An identifier is kept only as a keyed hash (HMAC-SHA256 under the server's
 * suppression key), so the list holds no readable personal data and outlives the person's erasure.
 * `suppression_changes` is its append-only history: every add, removal and expiry, with who and why.
 * `suppression_key` holds the key's fingerprint (and the key itself only when none is configured), so a
 * changed key, which would silently unsuppress everyone, is refused instead.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('suppressions', (t) => {
    t.bigIncrements('id');
    t.text('identifier_hash').notNullable().index();
    // Literal lists, not imports from src/: a migration must not change when the code does.
    t.enu('identifier_kind', ['x_user_id', 'x_handle', 'email', 'crypto', 'linkedin']).notNullable();
    t.enu('scope', ['global', 'channel', 'sender']).notNullable();
    t.enu('channel', ['x', 'email', 'linkedin', 'xmtp']);
    t.bigInteger('sender_account_id').references('id').inTable('sender_accounts').onDelete('CASCADE');
    t.enu('reason', ['unsubscribed', 'bounced', 'complained', 'replied_opt_out', 'manual', 'erased']).notNullable();
    t.text('source').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true });
    t.timestamp('removed_at', { useTz: true });
    t.check(`(scope = 'global' and channel is null and sender_account_id is null)
      or (scope = 'channel' and channel is not null and sender_account_id is null)
      or (scope = 'sender' and sender_account_id is not null)`, [], 'suppressions_scope_fields');
  });
  await knex.raw(`create unique index suppressions_one_in_force on suppressions
    (identifier_hash, scope, coalesce(channel::text, ''), coalesce(sender_account_id, 0)) where removed_at is null`);
  await knex.schema.createTable('suppression_changes', (t) => {
    t.bigIncrements('id');
    t.bigInteger('suppression_id').notNullable().references('id').inTable('suppressions').onDelete('CASCADE').index();
    t.enu('change', ['added', 'removed']).notNullable();
    t.text('source').notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
  });
  await knex.raw(`create trigger suppression_changes_append_only before update or delete on suppression_changes
    for each row when (pg_trigger_depth() = 0) execute function forbid_row_change()`);
  await knex.schema.createTable('suppression_key', (t) => {
    t.boolean('one').primary().defaultTo(true);
    t.text('fingerprint').notNullable();
    // Only when no SUPPRESSION_SECRET is configured: generated once, so a fresh install works out of the box.
    t.text('generated_key');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check('one', [], 'suppression_key_one_row');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('suppression_key');
  await knex.schema.dropTable('suppression_changes');
  await knex.schema.dropTable('suppressions');
}
