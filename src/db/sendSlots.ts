import type { Knex } from 'knex';
import type { Channel } from '../sequences/model';
import type { Timestamp } from './tables';

const HOUR_MS = 3_600_000;
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
  at: Timestamp;
}

export type SlotDecision = { granted: true } | { granted: false; retryAt: Date; cap: 'hourly' | 'daily' };

/**
 * Takes one of the account's send slots, serialised per account by an advisory lock so that concurrent
 * journeys cannot overshoot a cap. A slot is spent when reserved, whether or not the send then succeeds.
 */
export async function reserveSendSlot(db: Knex, r: SlotRequest): Promise<SlotDecision> {
  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?::bigint)', [r.senderAccountId]);
    const existing = await trx('events').where({ event_key: r.eventKey }).first('id');
    if (existing) return { granted: true };

    const at = new Date(r.at);
    for (const [cap, limit, windowMs] of [
      ['hourly', r.hourlyCap, HOUR_MS],
      ['daily', r.dailyCap, DAY_MS],
    ] as const) {
      const inWindow = await trx('events')
        .where({ sender_account_id: r.senderAccountId, type: 'send_reserved' })
        .where('occurred_at', '>', new Date(at.getTime() - windowMs))
        .orderBy('occurred_at', 'desc')
        .limit(limit)
        .pluck<Date[]>('occurred_at');
      if (inWindow.length >= limit) {
        const oldestCounted = inWindow[inWindow.length - 1] as Date;
        return { granted: false, retryAt: new Date(oldestCounted.getTime() + windowMs), cap };
      }
    }
    await trx('events').insert({
      event_key: r.eventKey,
      workflow_id: r.workflowId,
      sequence_version_id: r.sequenceVersionId,
      person_id: r.personId,
      type: 'send_reserved',
      node_id: r.nodeId,
      visit: r.visit,
      channel: r.channel,
      sender_account_id: r.senderAccountId,
      occurred_at: at,
    });
    return { granted: true };
  });
}
