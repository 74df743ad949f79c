import type { Knex } from 'knex';
import type { Channel } from '../sequences/model';

/**
 * Which of our sender accounts an event reached, from what its source names: a handle (an email address,
 * an X handle), the account's X user id, or the LinkedIn gateway's account name. Undefined when none matches.
 */
export async function senderAccountNamed(db: Knex, channel: Channel, name: string): Promise<string | undefined> {
  const handle = name.trim().toLowerCase().replace(/^@/, '');
  const query = db('sender_accounts').where({ channel }).where((which) => {
    which.where('handle', handle);
    if (channel === 'x') which.orWhereRaw("settings->>'userId' = ?", [name.trim()]);
    if (channel === 'linkedin') which.orWhereRaw("settings->>'gatewayAccount' = ?", [name.trim()]);
  });
  const row = await query.orderBy('id').first('id');
  return row ? String(row.id) : undefined;
}
