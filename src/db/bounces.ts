import type { Knex } from 'knex';
import { RUNNING_STATUSES } from '../../workflows/vocabulary';

type BounceKind = 'hard' | 'soft' | 'complaint';
/** What handling a report did: suppressed the address, counted a soft bounce, or could do nothing with it. */
export type BounceOutcome = 'suppressed' | 'counted' | 'no-recipient' | 'unrecognised';

export interface NewBounceReport {
  inboundEventId: string;
  kind: BounceKind | null;
  status: string | null;
  /** The recipient's suppression hash (src/suppression/identifier.ts), never the address. */
  identifierHash: string | null;
  senderAccountId: string | null;
  outcome: BounceOutcome;
  occurredAt: Date;
}

/**
 * Records the report of one inbound event; false when that event was recorded already (a redelivery), so
 * it counts once.
 */
export async function recordBounceReport(db: Knex, r: NewBounceReport): Promise<boolean> {
  const rows = await db('bounce_reports')
    .insert({
      inbound_event_id: r.inboundEventId,
      kind: r.kind,
      status: r.status?.slice(0, 40) ?? null,
      identifier_hash: r.identifierHash,
      sender_account_id: r.senderAccountId,
      outcome: r.outcome,
      occurred_at: r.occurredAt,
    })
    .onConflict('inbound_event_id')
    .ignore()
    .returning('id');
  return rows.length > 0;
}

export async function setBounceOutcome(db: Knex, inboundEventId: string, outcome: BounceOutcome, journeysEnded: number): Promise<void> {
  await db('bounce_reports').where({ inbound_event_id: inboundEventId }).update({ outcome, journeys_ended: journeysEnded });
}

/** Soft bounces of the address (by hash) that occurred in (since, until]. */
export async function softBouncesOf(db: Knex, identifierHash: string, since: Date, until: Date): Promise<number> {
  const row = await db('bounce_reports')
    .where({ identifier_hash: identifierHash, kind: 'soft' })
    .where('occurred_at', '>', since)
    .where('occurred_at', '<=', until)
    .count<{ n: string }>({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

/** Distinct addresses that hard-bounced mail of the account at or after `since`. */
export async function hardBouncesOfAccount(db: Knex, senderAccountId: string, since: Date): Promise<number> {
  const row = await db('bounce_reports')
    .where({ sender_account_id: senderAccountId, kind: 'hard' })
    .where('occurred_at', '>=', since)
    .countDistinct<{ n: string }>({ n: 'identifier_hash' })
    .first();
  return Number(row?.n ?? 0);
}

/** The account's most recent sends, at most `limit`, at or after `since` when given: how many, and the oldest's time. */
export async function recentSends(db: Knex, senderAccountId: string, limit: number, since?: Date): Promise<{ count: number; oldest?: Date }> {
  const recent = db('events').where({ sender_account_id: senderAccountId, type: 'action_sent' }).orderBy('occurred_at', 'desc').limit(limit).select('occurred_at');
  if (since) recent.where('occurred_at', '>=', since);
  const row: { count: string; oldest: Date | null } = await db.from(recent.as('r')).first(db.raw('count(*) as count'), db.raw('min(occurred_at) as oldest'));
  return { count: Number(row.count), ...(row.oldest ? { oldest: row.oldest } : {}) };
}

/** Who an email of ours went to and from which account, by its Message-ID (the send's provider id). */
export async function emailSentAs(db: Knex, providerId: string): Promise<{ personId: string; senderAccountId: string | null } | undefined> {
  const row: { person_id: string; sender_account_id: string | null } | undefined = await db('events')
    .where({ type: 'action_sent', channel: 'email', provider_id: providerId })
    .first('person_id', 'sender_account_id');
  return row && { personId: String(row.person_id), senderAccountId: row.sender_account_id === null ? null : String(row.sender_account_id) };
}

/** The person's (or those merged into them) running journeys whose sequence sends email. */
export async function runningJourneysThatEmail(db: Knex, personId: string): Promise<string[]> {
  const rows: { workflow_id: string }[] = await db('enrollments as e')
    .join('sequence_versions as v', 'v.id', 'e.sequence_version_id')
    .whereIn('e.status', RUNNING_STATUSES)
    .where((who) => {
      who.where('e.person_id', personId).orWhereIn('e.person_id', db('persons').where('merged_into', personId).select('id'));
    })
    .whereRaw(`v.graph -> 'nodes' @> '[{"action": "SEND_EMAIL"}]'::jsonb`)
    .orderBy('e.id')
    .select('e.workflow_id');
  return rows.map((r) => r.workflow_id);
}
