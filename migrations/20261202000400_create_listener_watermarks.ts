import type { Knex } from 'knex';

/**
 * How far each listener has read an account's provider (an IMAP UID with its UIDVALIDITY, the sent time of
 * the last XMTP message): a listener that reconnects reads on from here, so nothing that arrived while it
 * was down is missed. Advanced only after the events up to it were delivered.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('listener_watermarks', (t) => {
    t.bigInteger('sender_account_id').notNullable().references('id').inTable('sender_accounts').onDelete('CASCADE');
    // A literal list, not an import from src/: a migration must not change when the code does.
    t.enu('kind', ['imap-idle', 'xmtp-stream']).notNullable();
    // Text: a UID is a 32-bit unsigned number, an XMTP time is nanoseconds (beyond a double's precision).
    t.text('watermark').notNullable();
    t.text('uidvalidity');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['sender_account_id', 'kind']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('listener_watermarks');
}
