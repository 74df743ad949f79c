import type { Knex } from 'knex';
import type { Identifier, IdentifierKind } from '../identity/identifiers';
import type { Channel } from '../sequences/model';
import { arrayBinding } from './array-binding';

export const SUPPRESSION_REASONS = ['unsubscribed', 'bounced', 'complained', 'replied_opt_out', 'manual', 'erased'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** Who a suppression keeps from: everyone, one channel's accounts, or one sender account. */
export type SuppressionScope = { scope: 'global' } | { scope: 'channel'; channel: Channel } | { scope: 'sender'; senderAccountId: string };

export interface NewSuppression {
  /** The identifier's keyed hash (src/suppression/identifier.ts); the value itself is never stored. */
  identifierHash: string;
  identifierKind: IdentifierKind;
  scope: SuppressionScope;
  reason: SuppressionReason;
  /** Where it came from: `cli`, `import:FILE`, `unsubscribe-link`, `inbound-event:ID`, ... */
  source: string;
  expiresAt?: Date;
}

export interface Suppression extends NewSuppression {
  id: string;
  createdAt: Date;
  removedAt: Date | null;
}

interface SuppressionRow {
  id: string;
  identifier_hash: string;
  identifier_kind: IdentifierKind;
  scope: SuppressionScope['scope'];
  channel: Channel | null;
  sender_account_id: string | null;
  reason: SuppressionReason;
  source: string;
  created_at: Date;
  expires_at: Date | null;
  removed_at: Date | null;
}

function scopeOf(row: SuppressionRow): SuppressionScope {
  if (row.scope === 'channel') return { scope: 'channel', channel: row.channel as Channel };
  if (row.scope === 'sender') return { scope: 'sender', senderAccountId: String(row.sender_account_id) };
  return { scope: 'global' };
}

function fromRow(row: SuppressionRow): Suppression {
  return {
    id: String(row.id),
    identifierHash: row.identifier_hash,
    identifierKind: row.identifier_kind,
    scope: scopeOf(row),
    reason: row.reason,
    source: row.source,
    createdAt: row.created_at,
    removedAt: row.removed_at,
    ...(row.expires_at ? { expiresAt: row.expires_at } : {}),
  };
}

function scopeColumns(s: SuppressionScope) {
  return {
    scope: s.scope,
    channel: s.scope === 'channel' ? s.channel : null,
    sender_account_id: s.scope === 'sender' ? s.senderAccountId : null,
  };
}

/**
 * Adds each suppression not already in force (same hash and scope), dated by the clock at the insert (after
 * the caller's locks), each with an `added` change. Returns the ones it added.
 */
export async function insertSuppressions(trx: Knex.Transaction, entries: readonly NewSuppression[]): Promise<Suppression[]> {
  const added: Suppression[] = [];
  for (const e of entries) {
    const [row] = await trx.raw<{ rows: SuppressionRow[] }>(
      `insert into suppressions (identifier_hash, identifier_kind, scope, channel, sender_account_id, reason, source, created_at, expires_at)
       values (?, ?, ?, ?, ?, ?, ?, clock_timestamp(), ?)
       on conflict (identifier_hash, scope, coalesce(channel::text, ''), coalesce(sender_account_id, 0)) where removed_at is null do nothing
       returning *`,
      [e.identifierHash, e.identifierKind, ...Object.values(scopeColumns(e.scope)), e.reason, e.source, e.expiresAt ?? null],
    ).then((r) => r.rows);
    if (!row) continue;
    await trx('suppression_changes').insert({ suppression_id: row.id, change: 'added', source: e.source, at: row.created_at });
    added.push(fromRow(row));
  }
  return added;
}

/** Lifts the suppressions in force for these hashes (in the scope, when given); each gets a `removed` change. */
export async function removeSuppressions(trx: Knex.Transaction, hashes: readonly string[], source: string, scope?: SuppressionScope): Promise<Suppression[]> {
  const query = trx('suppressions').whereIn('identifier_hash', hashes).whereNull('removed_at');
  if (scope) query.where(scopeColumns(scope));
  const rows: SuppressionRow[] = await query.update({ removed_at: trx.raw('clock_timestamp()') }, '*');
  for (const row of rows) await trx('suppression_changes').insert({ suppression_id: row.id, change: 'removed', source, at: row.removed_at });
  return rows.map(fromRow);
}

export async function listSuppressions(db: Knex, opts: { removed?: boolean; limit?: number } = {}): Promise<Suppression[]> {
  const query = db<SuppressionRow>('suppressions').orderBy('id');
  if (!opts.removed) query.whereNull('removed_at');
  if (opts.limit !== undefined) query.limit(opts.limit);
  return (await query).map(fromRow);
}

/**
 * The suppressions in force now on any of these hashes that keep a send on `channel` by `senderAccountId`
 * (global ones always; channel and sender ones where they match), oldest first. Without a channel: global only.
 */
export async function suppressionsInForce(
  db: Knex,
  hashes: readonly string[],
  target: { channel?: Channel; senderAccountId?: string } = {},
): Promise<Suppression[]> {
  if (hashes.length === 0) return [];
  const rows: SuppressionRow[] = await db('suppressions')
    .whereRaw('identifier_hash = any(?::text[])', [arrayBinding(hashes)])
    .whereNull('removed_at')
    .where((live) => {
      live.whereNull('expires_at').orWhereRaw('expires_at > clock_timestamp()');
    })
    .where((scope) => {
      scope.where('scope', 'global');
      if (target.channel) scope.orWhere({ scope: 'channel', channel: target.channel });
      if (target.senderAccountId) scope.orWhere({ scope: 'sender', sender_account_id: target.senderAccountId });
    })
    .orderBy('id');
  return rows.map(fromRow);
}

/**
 * Every identifier of each person asked for, read from the person holding them (the one it was merged into,
 * if merged): all of them, not one of each kind, since a suppression of any covers the person.
 */
export async function identifiersOfPersons(db: Knex, personIds: readonly string[]): Promise<Map<string, Identifier[]>> {
  const found = new Map<string, Identifier[]>(personIds.map((id) => [id, []]));
  if (personIds.length === 0) return found;
  const { rows } = await db.raw<{ rows: { asked: string; kind: IdentifierKind; value: string }[] }>(
    `with asked as (select unnest(?::bigint[]) as asked),
          live as (select a.asked, coalesce(p.merged_into, p.id) as person_id from asked a join persons p on p.id = a.asked)
     select l.asked, 'email' as kind, e.address as value from live l join emails e on e.person_id = l.person_id
     union all select l.asked, 'x_user_id', x.x_user_id from live l join x_profiles x on x.person_id = l.person_id where x.x_user_id is not null
     union all select l.asked, 'x_handle', x.handle from live l join x_profiles x on x.person_id = l.person_id where x.handle is not null
     union all select l.asked, 'linkedin', li.url from live l join linkedin_profiles li on li.person_id = l.person_id
     union all select l.asked, 'crypto', c.address from live l join crypto_addresses c on c.person_id = l.person_id`,
    [arrayBinding(personIds)],
  );
  for (const row of rows) found.get(String(row.asked))?.push({ kind: row.kind, value: row.value });
  return found;
}
