import type { Knex } from 'knex';
import type { Channel } from '../sequences/model';
import type { EventRow, EventType, Timestamp } from './tables';

export interface NewEvent {
  /** Idempotency key from identity, e.g. `${workflowId}:${nodeId}:${visit}:action_sent`. */
  eventKey: string;
  workflowId: string;
  sequenceVersionId: string;
  personId: string;
  type: EventType;
  nodeId?: string;
  visit?: number;
  channel?: Channel;
  providerId?: string;
  /** Set on action_sent: the account that sent, counted against its caps. */
  senderAccountId?: string;
  detail?: Record<string, unknown>;
  occurredAt: Timestamp;
}

export interface JourneyEvent {
  id: string;
  eventKey: string;
  workflowId: string;
  sequenceVersionId: string;
  personId: string;
  type: EventType;
  nodeId: string | null;
  visit: number | null;
  channel: Channel | null;
  providerId: string | null;
  senderAccountId: string | null;
  detail: Record<string, unknown>;
  occurredAt: Date;
  recordedAt: Date;
}

/** Returns false when an event with this key was already recorded (a retry). */
export async function appendEvent(db: Knex, e: NewEvent): Promise<boolean> {
  const inserted = await db('events')
    .insert({
      event_key: e.eventKey,
      workflow_id: e.workflowId,
      sequence_version_id: e.sequenceVersionId,
      person_id: e.personId,
      type: e.type,
      node_id: e.nodeId ?? null,
      visit: e.visit ?? null,
      channel: e.channel ?? null,
      provider_id: e.providerId ?? null,
      sender_account_id: e.senderAccountId ?? null,
      detail: e.detail ?? {},
      occurred_at: new Date(e.occurredAt),
    })
    .onConflict('event_key')
    .ignore()
    .returning('id');
  return inserted.length > 0;
}

export async function listEvents(db: Knex, workflowId: string): Promise<JourneyEvent[]> {
  const rows = await db('events').where({ workflow_id: workflowId }).orderBy(['occurred_at', 'id']);
  return rows.map(toEvent);
}

function toEvent(row: EventRow): JourneyEvent {
  return {
    id: row.id,
    eventKey: row.event_key,
    workflowId: row.workflow_id,
    sequenceVersionId: row.sequence_version_id,
    personId: row.person_id,
    type: row.type,
    nodeId: row.node_id,
    visit: row.visit,
    channel: row.channel,
    providerId: row.provider_id,
    senderAccountId: row.sender_account_id,
    detail: row.detail,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
  };
}
