import type { Knex } from 'knex';

export const EVENT_SOURCE_KINDS = ['imap-idle', 'x-activity-stream', 'x-webhook', 'xmtp-stream', 'webhook'] as const;
export type EventSourceKind = (typeof EVENT_SOURCE_KINDS)[number];
/** `configured`: the account's events are posted to an ingest process that serves their route (it re-reports too). */
export type EventSourceState = 'connected' | 'disconnected' | 'configured';

/** A connected or configured source not re-reported for this long is taken as gone (its process died). */
export const SOURCE_STALE_AFTER_MS = 120_000;

export interface EventSourceReport {
  senderAccountId: string;
  kind: EventSourceKind;
  state: EventSourceState;
  /** When the source last delivered an event; left as it was when omitted. */
  lastEventAt?: Date;
  /** Why it is disconnected; cleared when omitted. */
  lastError?: string;
}

export interface EventSource {
  senderAccountId: string;
  kind: EventSourceKind;
  state: EventSourceState;
  lastEventAt: Date | null;
  lastError: string | null;
  updatedAt: Date;
  live: boolean;
}

interface EventSourceRow {
  sender_account_id: string;
  kind: EventSourceKind;
  state: EventSourceState;
  last_event_at: Date | null;
  last_error: string | null;
  updated_at: Date;
}

/** Records a source's state; a connected or configured source calls it at least every SOURCE_STALE_AFTER_MS / 4. */
export async function reportEventSource(db: Knex, r: EventSourceReport, now = new Date()): Promise<void> {
  await db('event_sources')
    .insert({
      sender_account_id: r.senderAccountId,
      kind: r.kind,
      state: r.state,
      last_event_at: r.lastEventAt ?? null,
      last_error: r.lastError ?? null,
      updated_at: now,
    })
    .onConflict(['sender_account_id', 'kind'])
    .merge({
      state: r.state,
      last_error: r.lastError ?? null,
      updated_at: now,
      ...(r.lastEventAt === undefined ? {} : { last_event_at: r.lastEventAt }),
    });
}

function isLive(row: EventSourceRow, now: Date): boolean {
  return row.state !== 'disconnected' && now.getTime() - row.updated_at.getTime() <= SOURCE_STALE_AFTER_MS;
}

function fromRow(row: EventSourceRow, now: Date): EventSource {
  return {
    senderAccountId: String(row.sender_account_id),
    kind: row.kind,
    state: row.state,
    lastEventAt: row.last_event_at,
    lastError: row.last_error,
    updatedAt: row.updated_at,
    live: isLive(row, now),
  };
}

/** Every source of the given accounts (all accounts when omitted), live or not. */
export async function eventSourcesOf(db: Knex, senderAccountIds?: string[], now = new Date()): Promise<EventSource[]> {
  const query = db<EventSourceRow>('event_sources').orderBy(['sender_account_id', 'kind']);
  if (senderAccountIds) query.whereIn('sender_account_id', senderAccountIds);
  return (await query).map((row) => fromRow(row, now));
}

/** The account's live source, or null when its journeys must poll. */
export async function liveSourceOf(db: Knex, senderAccountId: string, now = new Date()): Promise<EventSourceKind | null> {
  const live = (await eventSourcesOf(db, [senderAccountId], now)).find((s) => s.live);
  return live?.kind ?? null;
}
