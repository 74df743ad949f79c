import type { Knex } from 'knex';
import { assertValidSenderAccount, type AccountFields } from '../senders/account-rules';
import type { Channel } from '../sequences/model';
import type { SenderAccountRow, SenderStatus, Timestamp } from './tables';

/**
 * What upsertSenderAccount writes: the handle is stored lower-case (one account per (channel, handle)
 * whatever its casing); `credentialsRef` and `settings`, when omitted, are left unchanged on an existing account.
 */
export interface SenderAccountInput extends AccountFields {
  /** Left unchanged on an existing account when omitted, so re-applying config does not resume a paused one. */
  status?: SenderStatus;
  statusReason?: string | null;
}

export interface SenderAccount {
  id: string;
  channel: Channel;
  provider: string;
  handle: string;
  hourlyCap: number;
  dailyCap: number;
  /** Pacing the senders file set; null takes the provider's default (src/senders/pacing.ts). */
  minIntervalMs?: number | null;
  burst?: number | null;
  /** Its provider events are posted to the ingest service: a live source while an ingest serving the route runs. */
  webhooks?: boolean;
  credentialsRef: Record<string, string>;
  settings: Record<string, unknown>;
  status: SenderStatus;
  statusReason: string | null;
  statusChangedAt: Date | null;
  createdAt: Date;
}

/** `channel:handle`: how messages, alerts and the CLI name an account. */
export function accountName(account: Pick<SenderAccount, 'channel' | 'handle'>): string {
  return `${account.channel}:${account.handle}`;
}

/** `sender account channel:handle`, the start of an error about the account. */
export function senderLabel(account: Pick<SenderAccount, 'channel' | 'handle'>): string {
  return `sender account ${accountName(account)}`;
}

/**
 * Inserts or updates the account with this (channel, handle); returns its id. Refuses (InvalidSenderAccountError)
 * caps that break the rules, literal secrets and text Postgres cannot store, whoever writes the account.
 */
export async function upsertSenderAccount(db: Knex, a: SenderAccountInput): Promise<string> {
  assertValidSenderAccount(a);
  const row = {
    channel: a.channel,
    provider: a.provider,
    handle: a.handle.trim().toLowerCase(),
    hourly_cap: a.hourlyCap,
    daily_cap: a.dailyCap,
    ...(a.credentialsRef === undefined ? {} : { credentials_ref: a.credentialsRef }),
    ...(a.settings === undefined ? {} : { settings: a.settings }),
    ...(a.minIntervalMs === undefined ? {} : { min_interval_ms: a.minIntervalMs }),
    ...(a.burst === undefined ? {} : { burst: a.burst }),
    ...(a.webhooks === undefined ? {} : { webhooks: a.webhooks }),
    ...(a.status === undefined ? {} : { status: a.status }),
    ...(a.statusReason === undefined ? {} : { status_reason: a.statusReason }),
  };
  const [saved] = await db('sender_accounts')
    .insert(row)
    .onConflict(['channel', 'handle'])
    .merge()
    .returning('id');
  if (!saved) throw new Error(`upsert of sender account ${a.channel}:${a.handle} returned no row`);
  return saved.id;
}

/**
 * The active account of the channel with the fewest people assigned to it (src/db/senderAssignments.ts),
 * the oldest first on a tie; undefined when none is active.
 */
export async function findActiveSender(db: Knex, channel: Channel): Promise<SenderAccount | undefined> {
  const row = await db('sender_accounts as a')
    .leftJoin('sender_assignments as s', 's.sender_account_id', 'a.id')
    .where({ 'a.channel': channel, 'a.status': 'active' })
    .groupBy('a.id')
    .orderByRaw('count(s.person_id), a.id')
    .first<SenderAccountRow | undefined>('a.*');
  return row && toSenderAccount(row);
}

/**
 * Changes an account's status with a reason (an operator's pause, a provider's verdict). Returns the account
 * as it was before, so a caller can tell whether it made the change; undefined when there is no such account.
 */
export async function setSenderAccountStatus(
  db: Knex,
  id: string,
  status: SenderStatus,
  reason: string | null,
): Promise<SenderAccount | undefined> {
  return db.transaction(async (trx) => {
    const before = await trx('sender_accounts').where({ id }).forUpdate().first();
    if (!before) return undefined;
    await trx('sender_accounts')
      .where({ id })
      .update({ status, status_reason: reason, status_changed_at: trx.fn.now() });
    return toSenderAccount(before);
  });
}

export async function listSenderAccounts(db: Knex): Promise<SenderAccount[]> {
  const rows = await db('sender_accounts').orderBy(['channel', 'handle']);
  return rows.map(toSenderAccount);
}

export async function findSenderAccount(db: Knex, channel: Channel, handle: string): Promise<SenderAccount | undefined> {
  const row = await db('sender_accounts').where({ channel, handle: handle.trim().toLowerCase() }).first();
  return row && toSenderAccount(row);
}

/** Whether the channel has an account of this provider, whatever its status. */
export async function hasSenderAccount(db: Knex, channel: Channel, provider: string): Promise<boolean> {
  return (await db('sender_accounts').where({ channel, provider }).first('id')) !== undefined;
}

export async function getSenderAccount(db: Knex, id: string): Promise<SenderAccount | undefined> {
  const row = await db('sender_accounts').where({ id }).first();
  return row && toSenderAccount(row);
}

/** Sends (action_sent events) by this account at or after `since`. */
export async function countSends(db: Knex, senderAccountId: string, since: Timestamp): Promise<number> {
  const row = await db('events')
    .where({ sender_account_id: senderAccountId, type: 'action_sent' })
    .where('occurred_at', '>=', new Date(since))
    .count<{ count: string }>({ count: '*' })
    .first();
  return Number(row?.count ?? 0);
}

function toSenderAccount(row: SenderAccountRow): SenderAccount {
  return {
    id: row.id,
    channel: row.channel,
    provider: row.provider,
    handle: row.handle,
    hourlyCap: row.hourly_cap,
    dailyCap: row.daily_cap,
    minIntervalMs: row.min_interval_ms,
    burst: row.burst,
    webhooks: row.webhooks,
    credentialsRef: row.credentials_ref,
    settings: row.settings,
    status: row.status,
    statusReason: row.status_reason,
    statusChangedAt: row.status_changed_at,
    createdAt: row.created_at,
  };
}
