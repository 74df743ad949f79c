import type { Knex } from 'knex';
import type { Channel } from '../sequences/model';
import { findActiveSender, getSenderAccount, senderLabel, type SenderAccount } from './senderAccounts';

export interface Assignment {
  /** The account the person hears from; it may be paused (the journey waits) or disabled with no other to take over. */
  account: SenderAccount;
  /** Set when this call moved the person off an account: why. */
  reassignedBecause?: string;
}

/**
 * The account this person hears from on this channel, the same in every sequence. The first send picks the
 * active account with the fewest people (`journeyAccountId`, the account a journey started before
 * assignments already uses, is kept instead); a paused account keeps its people, who wait; a disabled or
 * removed one hands them to the least-assigned active account on their next send. Undefined when the
 * channel has no account to give.
 */
export async function assignSender(
  db: Knex,
  personId: string,
  channel: Channel,
  journeyAccountId?: string,
): Promise<Assignment | undefined> {
  const settled = await currentAccount(db, personId, channel);
  if (settled && settled.status !== 'disabled') return { account: settled };
  return db.transaction(async (trx) => {
    // One assigner per channel at a time, so that concurrent first sends spread over the accounts.
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`sender_assignments:${channel}`]);
    const row = await trx('sender_assignments').where({ person_id: personId, channel }).first();
    const held = row?.sender_account_id ? await getSenderAccount(trx, row.sender_account_id) : undefined;
    if (held && held.status !== 'disabled') return { account: held };
    if (!row && journeyAccountId) {
      const own = await getSenderAccount(trx, journeyAccountId);
      if (own && own.status !== 'disabled') return { account: await assign(trx, personId, own) };
    }
    const next = await findActiveSender(trx, channel);
    if (!next) return held && { account: held };
    const because = held
      ? `${senderLabel(held)} is disabled${held.statusReason ? `: ${held.statusReason}` : ''}`
      : row
        ? 'its sender account was removed'
        : undefined;
    return { account: await assign(trx, personId, next), ...(because === undefined ? {} : { reassignedBecause: because }) };
  });
}

async function currentAccount(db: Knex, personId: string, channel: Channel): Promise<SenderAccount | undefined> {
  const row = await db('sender_assignments').where({ person_id: personId, channel }).first('sender_account_id');
  return row?.sender_account_id ? getSenderAccount(db, row.sender_account_id) : undefined;
}

async function assign(trx: Knex.Transaction, personId: string, account: SenderAccount): Promise<SenderAccount> {
  await trx('sender_assignments')
    .insert({ person_id: personId, channel: account.channel, sender_account_id: account.id, assigned_at: trx.fn.now() })
    .onConflict(['person_id', 'channel'])
    .merge();
  return account;
}

/** How many people each account of the channel is assigned (accounts with none are left out). */
export async function assignmentCounts(db: Knex, channel: Channel): Promise<Map<string, number>> {
  const rows = await db('sender_assignments')
    .where({ channel })
    .whereNotNull('sender_account_id')
    .groupBy('sender_account_id')
    .select<{ sender_account_id: string; count: string }[]>('sender_account_id', db.raw('count(*) as count'));
  return new Map(rows.map((r) => [r.sender_account_id, Number(r.count)]));
}
