import type { Knex } from 'knex';
import type { Pacing } from '../senders/pacing';
import { spacingMs } from '../senders/pacing';
import type { Channel } from '../sequences/model';
import type { Timestamp } from './tables';

const HOUR_MS = 3_600_000;
/** A released reservation's key is its own with this after it. */
const RELEASED_SUFFIX = ':released';
const RELEASED_SUFFIX_SQL = `'${RELEASED_SUFFIX}'`;
const DAY_MS = 24 * HOUR_MS;

export interface SlotRequest {
  /** Identity of the send: a retried reservation finds its earlier grant. */
  eventKey: string;
  workflowId: string;
  sequenceVersionId: string;
  personId: string;
  nodeId: string;
  visit: number;
  channel: Channel;
  senderAccountId: string;
  hourlyCap: number;
  dailyCap: number;
  /** Null: not paced (the sandbox, unless its account sets pacing); the slot is `at`, under the caps. */
  pacing: Pacing | null;
  at: Timestamp;
}

export type SlotDecision = { granted: true; slotAt: Date } | { granted: false; retryAt: Date; cap: 'hourly' | 'daily' };

/** The backstop found a full window: nothing of this attempt is kept, the account's timeline included. */
class WindowFull extends Error {
  constructor(readonly decision: Extract<SlotDecision, { granted: false }>) {
    super(`${decision.cap} cap reached`);
  }
}

/** Another attempt of the same reservation committed first: its grant is the answer. */
class AlreadyReserved extends Error {}

/**
 * Gives the send a slot on its account's timeline (GCRA): one timestamp per account, the theoretical
 * arrival time, advanced by a single `UPDATE ... RETURNING` that also serialises the account's concurrent
 * reservations, whatever worker they come from. The slot is `max(at, tat - burst × spacing)`; the journey
 * sleeps until it. The reservation is a `send_reserved` event at the slot's time, keyed by the send's
 * identity (and account), so a retry gets the same slot back and never a second one.
 *
 * The rolling-window check stays under it as a backstop: the spacing alone keeps every hour and day under
 * its caps (src/senders/pacing.ts), but only for slots it granted itself under the caps it has now.
 * Reservations made before pacing existed, before an operator lowered a cap or shortened the interval,
 * or on an unpaced account, are counted only by the window; a full window refuses until its oldest
 * reservation leaves it, and the refused attempt leaves the timeline as it was.
 */
export async function reserveSendSlot(db: Knex, request: SlotRequest): Promise<SlotDecision> {
  const r = { ...request, eventKey: await keyOnAccount(db, request.eventKey, request.senderAccountId) };
  const earlier = await grantOf(db, r.eventKey);
  if (earlier) return earlier;
  try {
    return await db.transaction(async (trx) => {
      const at = new Date(r.at);
      let slotAt = at;
      if (r.pacing) slotAt = await advanceTimeline(trx, r, at);
      else await trx.raw('select pg_advisory_xact_lock(?::bigint)', [r.senderAccountId]);
      const full = await fullWindow(trx, r, slotAt);
      if (full) throw new WindowFull(full);
      const inserted = await trx('events')
        .insert({
          event_key: r.eventKey,
          workflow_id: r.workflowId,
          sequence_version_id: r.sequenceVersionId,
          person_id: r.personId,
          type: 'send_reserved',
          node_id: r.nodeId,
          visit: r.visit,
          channel: r.channel,
          sender_account_id: r.senderAccountId,
          detail: { requestedAt: at.toISOString() },
          occurred_at: slotAt,
        })
        .onConflict('event_key')
        .ignore()
        .returning('id');
      if (inserted.length === 0) throw new AlreadyReserved();
      return { granted: true as const, slotAt };
    });
  } catch (error) {
    if (error instanceof WindowFull) return error.decision;
    if (error instanceof AlreadyReserved) return (await grantOf(db, r.eventKey)) as SlotDecision;
    throw error;
  }
}

/**
 * The send's key on this account: a send moved to another account after its reservation (its account was
 * disabled, the person reassigned) reserves again on the new one, under the key with the account after it.
 */
async function keyOnAccount(db: Knex, eventKey: string, senderAccountId: string): Promise<string> {
  const row = await db('events').where({ event_key: eventKey }).first<{ sender_account_id: string | null } | undefined>('sender_account_id');
  return row === undefined || row.sender_account_id === senderAccountId ? eventKey : `${eventKey}:account${senderAccountId}`;
}

async function grantOf(db: Knex, eventKey: string): Promise<SlotDecision | undefined> {
  const row = await db('events').where({ event_key: eventKey }).first<{ occurred_at: Date } | undefined>('occurred_at');
  return row && { granted: true, slotAt: row.occurred_at };
}

/**
 * GCRA, as one statement: `tat' = max(tat, at) + T` and the slot `max(at, tat' - B·T)`, which is
 * `max(at, tat - (B - 1)·T)`: the first B sends of an idle account go at once, then one every T.
 */
async function advanceTimeline(trx: Knex.Transaction, r: SlotRequest, at: Date): Promise<Date> {
  const pacing = r.pacing as Pacing;
  const spacing = spacingMs({ hourlyCap: r.hourlyCap, dailyCap: r.dailyCap }, pacing);
  const { rows } = await trx.raw<{ rows: { slot_at: Date }[] }>(
    `update sender_accounts
        set pacing_tat = greatest(coalesce(pacing_tat, cast(:at as timestamptz)), cast(:at as timestamptz))
                         + cast(:spacing as double precision) * interval '1 millisecond'
      where id = cast(:id as bigint)
  returning greatest(cast(:at as timestamptz), pacing_tat - cast(:ahead as double precision) * interval '1 millisecond') as slot_at`,
    { at, spacing, ahead: pacing.burst * spacing, id: r.senderAccountId },
  );
  const [row] = rows;
  if (!row) throw new Error(`sender account ${r.senderAccountId} does not exist`);
  return row.slot_at;
}

/**
 * The cap whose window ending at the slot is full, with when it frees. An unpaced account's slots are
 * their journeys' own times, which may come in any order, so its count takes later reservations too.
 */
async function fullWindow(trx: Knex.Transaction, r: SlotRequest, slotAt: Date): Promise<Extract<SlotDecision, { granted: false }> | undefined> {
  for (const [cap, limit, windowMs] of [
    ['hourly', r.hourlyCap, HOUR_MS],
    ['daily', r.dailyCap, DAY_MS],
  ] as const) {
    const query = trx('events')
      .where({ sender_account_id: r.senderAccountId, type: 'send_reserved' })
      .where('occurred_at', '>', new Date(slotAt.getTime() - windowMs));
    if (r.pacing) query.where('occurred_at', '<=', slotAt);
    query.whereRaw(`not exists (select 1 from events r where r.event_key = events.event_key || ${RELEASED_SUFFIX_SQL})`);
    const inWindow = await query.orderBy('occurred_at', 'desc').limit(limit).pluck<Date[]>('occurred_at');
    if (inWindow.length >= limit) {
      const oldestCounted = inWindow[inWindow.length - 1] as Date;
      return { granted: false, retryAt: new Date(oldestCounted.getTime() + windowMs), cap };
    }
  }
  return undefined;
}

export type SlotRelease = Pick<SlotRequest, 'eventKey' | 'senderAccountId' | 'hourlyCap' | 'dailyCap' | 'pacing' | 'at'>;

/**
 * Gives back a slot that will not be used (its journey was cancelled while it slept to it): a
 * `send_released` event beside the reservation, which the window no longer counts, and the account's
 * timeline moved back to one spacing after the latest slot still held (never forward, never before
 * `at`). A released slot at the tail of the timeline is given to the next reservation; one between slots
 * still held is time that passes unused, at most one spacing each, never carried further. Returns false
 * when there was nothing to release (no such reservation, or released already).
 */
export async function releaseSendSlot(db: Knex, request: SlotRelease): Promise<boolean> {
  const r = { ...request, eventKey: await keyOnAccount(db, request.eventKey, request.senderAccountId) };
  return db.transaction(async (trx) => {
    // The account's row first: a reservation under way commits before the timeline is recomputed.
    await trx('sender_accounts').where({ id: r.senderAccountId }).forUpdate().first('id');
    const reservation = await trx('events').where({ event_key: r.eventKey, type: 'send_reserved' }).first();
    if (!reservation) return false;
    const { id: _id, recorded_at: _recorded, ...columns } = reservation;
    const released = await trx('events')
      .insert({ ...columns, event_key: `${r.eventKey}${RELEASED_SUFFIX}`, type: 'send_released', detail: { releasedAt: new Date(r.at).toISOString() } })
      .onConflict('event_key')
      .ignore()
      .returning('id');
    if (released.length === 0) return false;
    if (!r.pacing) return true;
    const spacing = spacingMs({ hourlyCap: r.hourlyCap, dailyCap: r.dailyCap }, r.pacing);
    await trx.raw(
      `update sender_accounts
          set pacing_tat = least(pacing_tat, greatest(cast(:at as timestamptz), (
                select max(e.occurred_at) from events e
                 where e.sender_account_id = cast(:id as bigint) and e.type = 'send_reserved'
                   and not exists (select 1 from events x where x.event_key = e.event_key || ${RELEASED_SUFFIX_SQL})
              ) + cast(:spacing as double precision) * interval '1 millisecond'))
        where id = cast(:id as bigint)`,
      { at: new Date(r.at), id: r.senderAccountId, spacing },
    );
    return true;
  });
}
