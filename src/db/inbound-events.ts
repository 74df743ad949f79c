import type { Knex } from 'knex';
import type { PersonRef } from '../identity/resolve-person';
import type { EventOrigin, ProviderEvent, ProviderEventType } from '../ingest/provider-event';
import type { ReplyClass } from '../replies/classify';

/** How delivery of an event ended: signalled journeys, or why none was. */
export type InboundResolution =
  | 'delivered'
  | 'nobody'
  | 'no-journey'
  | 'not-an-observation'
  /** A reply that is a bounce or an automatic answer: no journey is told of it. */
  | 'not-a-reply'
  /** An out-of-office note: not a reply; with a return day, the person's journeys send nothing before it. */
  | 'out-of-office'
  /** A reply asking to stop: the person is suppressed and their journeys end. */
  | 'opted-out';

/** Delivery attempts of one event, the first included; after the last, the event stays undelivered and counted. */
export const MAX_DELIVERY_ATTEMPTS = 10;
const FIRST_RETRY_MS = 5_000;
const LONGEST_RETRY_MS = 10 * 60_000;

/** When attempt `attempt` (1-based) may be taken over, should it not finish: 5 s, 10 s, 20 s, ... up to 10 min. */
function retryDelayMs(attempt: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1), LONGEST_RETRY_MS);
}

/** A stored event, as delivery needs it. */
export interface StoredEvent {
  id: string;
  origin: EventOrigin;
  providerEventId: string;
  type: ProviderEventType;
  occurredAt: Date;
  senderAccountId: string | null;
  from: PersonRef;
  inReplyTo: string | null;
  attempts: number;
  text: string | null;
  subject: string | null;
  headers: Record<string, string> | null;
}

interface InboundEventRow {
  id: string;
  origin: EventOrigin;
  provider_event_id: string;
  type: ProviderEventType;
  occurred_at: Date;
  sender_account_id: string | null;
  from_ref: PersonRef;
  in_reply_to: string | null;
  attempts: number;
  text: string | null;
  subject: string | null;
  headers: Record<string, string> | null;
}

const DELIVERY_COLUMNS = ['id', 'origin', 'provider_event_id', 'type', 'occurred_at', 'sender_account_id', 'from_ref', 'in_reply_to', 'attempts', 'text', 'subject', 'headers'];

function fromRow(row: InboundEventRow): StoredEvent {
  return {
    id: String(row.id),
    origin: row.origin,
    providerEventId: row.provider_event_id,
    type: row.type,
    occurredAt: row.occurred_at,
    senderAccountId: row.sender_account_id === null ? null : String(row.sender_account_id),
    from: row.from_ref,
    inReplyTo: row.in_reply_to,
    attempts: row.attempts,
    text: row.text,
    subject: row.subject,
    headers: row.headers,
  };
}

/**
 * Stores the event once, as its first delivery attempt (taken over by the sweeper should it not finish in
 * time); undefined when (origin, provider event id) is already stored, which changes nothing.
 */
export async function storeInboundEvent(db: Knex, event: ProviderEvent, now = new Date()): Promise<StoredEvent | undefined> {
  const [row] = await db('inbound_events')
    .insert({
      origin: event.origin,
      provider_event_id: event.providerEventId,
      type: event.type,
      // A provider's clock ahead of ours must not date an outcome in the journey's future.
      occurred_at: new Date(Math.min(Date.parse(event.occurredAt), now.getTime())),
      received_at: now,
      sender_account_id: event.senderAccountId ?? null,
      from_ref: event.from,
      in_reply_to: event.inReplyTo ?? null,
      raw: JSON.stringify(event.raw ?? null),
      text: event.text ?? null,
      subject: event.subject ?? null,
      headers: event.headers === undefined ? null : JSON.stringify(event.headers),
      attempts: 1,
      next_attempt_at: new Date(now.getTime() + retryDelayMs(1)),
    })
    .onConflict(['origin', 'provider_event_id'])
    .ignore()
    .returning(DELIVERY_COLUMNS);
  return row && fromRow(row as InboundEventRow);
}

/**
 * Takes over up to `limit` events whose delivery did not finish and whose retry time has come: each counts one
 * more attempt and is not due again before its backoff, so concurrent sweepers never take the same event.
 */
export async function claimUndelivered(db: Knex, limit: number, now = new Date()): Promise<StoredEvent[]> {
  const { rows } = await db.raw<{ rows: InboundEventRow[] }>(
    `update inbound_events set attempts = attempts + 1,
            next_attempt_at = ?::timestamptz + least(? * power(2, attempts), ?) * interval '1 millisecond'
      where id in (select id from inbound_events
                    where delivered_at is null and attempts < ? and next_attempt_at <= ?
                    order by next_attempt_at limit ? for update skip locked)
      returning ${DELIVERY_COLUMNS.join(', ')}`,
    [now, FIRST_RETRY_MS, LONGEST_RETRY_MS, MAX_DELIVERY_ATTEMPTS, now, limit],
  );
  return rows.map(fromRow);
}

/** Delivery finished: records how, for whom, for how many journeys, and what a reply meant. Later calls change nothing. */
export async function markDelivered(
  db: Knex,
  id: string,
  outcome: { resolution: InboundResolution; personId: string | null; journeys: number; meaning?: ReplyClass },
  now = new Date(),
): Promise<void> {
  await db('inbound_events').where({ id }).whereNull('delivered_at').update({
    ...(outcome.meaning === undefined ? {} : { meaning: JSON.stringify(outcome.meaning) }),
    resolution: outcome.resolution,
    person_id: outcome.personId,
    journeys_signalled: outcome.journeys,
    delivered_at: now,
    last_error: null,
  });
}

/** An attempt failed; the event waits for its retry time (set when the attempt was taken). */
export async function markAttemptFailed(db: Knex, id: string, reason: string): Promise<void> {
  await db('inbound_events').where({ id }).whereNull('delivered_at').update({ last_error: reason.slice(0, 1000) });
}

export interface InboundEventCounts {
  received: number;
  delivered: number;
  forNobody: number;
  noJourney: number;
  notAnObservation: number;
  /** Delivery has not finished: still being retried, or out of attempts (`gaveUp`). */
  undelivered: number;
  gaveUp: number;
}

export async function inboundEventCounts(db: Knex): Promise<InboundEventCounts> {
  const row = await db('inbound_events')
    .first(
      db.raw('count(*)::int as received'),
      db.raw("count(*) filter (where resolution = 'delivered')::int as delivered"),
      db.raw("count(*) filter (where resolution = 'nobody')::int as nobody"),
      db.raw("count(*) filter (where resolution = 'no-journey')::int as no_journey"),
      db.raw("count(*) filter (where resolution = 'not-an-observation')::int as not_an_observation"),
      db.raw('count(*) filter (where delivered_at is null)::int as undelivered'),
      db.raw('count(*) filter (where delivered_at is null and attempts >= ?)::int as gave_up', [MAX_DELIVERY_ATTEMPTS]),
    );
  return {
    received: row.received,
    delivered: row.delivered,
    forNobody: row.nobody,
    noJourney: row.no_journey,
    notAnObservation: row.not_an_observation,
    undelivered: row.undelivered,
    gaveUp: row.gave_up,
  };
}
