import type { Knex } from 'knex';
import { journeyWorkflowId } from '../../workflows/contract';

export interface SequenceStatus {
  sequence: string;
  /** Journeys per (version, node, status); skipped and failed ones by their reason. */
  rows: { version: number; node: string | null; status: string; reason: string | null; journeys: number }[];
}

/** Journeys of a sequence by version, current node and status, from the enrollments table. */
export async function sequenceStatus(db: Knex, sequenceName: string): Promise<SequenceStatus> {
  const sequence = await db('sequences').where({ name: sequenceName }).first('id');
  if (!sequence) throw new Error(`sequence "${sequenceName}" does not exist`);
  const rows: Record<string, unknown>[] = await db('enrollments as e')
    .join('sequence_versions as v', 'v.id', 'e.sequence_version_id')
    .where('e.sequence_id', sequence.id)
    .select('v.version', 'e.current_node', 'e.status', db.raw("case when e.status in ('skipped', 'failed') then e.end_reason end as reason"))
    .count({ journeys: '*' })
    .groupBy('v.version', 'e.current_node', 'e.status', db.raw("case when e.status in ('skipped', 'failed') then e.end_reason end"))
    .orderBy(['v.version', 'e.current_node', 'e.status']);
  return {
    sequence: sequenceName,
    rows: rows.map((r) => ({
      version: Number(r.version),
      node: (r.current_node as string | null) ?? null,
      status: String(r.status),
      reason: (r.reason as string | null) ?? null,
      journeys: Number(r.journeys),
    })),
  };
}

export interface LeadJourney {
  workflowId: string;
  status: string;
  version: number;
  currentNode: string | null;
  nextActionAt: Date | null;
  endReason: string | null;
  /** The journey's path, oldest first. */
  steps: { at: Date; type: string; node: string | null; visit: number | null; channel: string | null; detail: Record<string, unknown> }[];
}

const PATH_EVENTS = ['journey_started', 'node_entered', 'variant_chosen', 'action_sent', 'outcome_observed', 'branch_taken', 'action_failed', 'journey_paused', 'journey_resumed', 'journey_ended'];

/** One lead's journey in a sequence: its enrollment and the path from the event log, with timestamps. */
export async function leadJourney(db: Knex, sequenceName: string, personId: string): Promise<LeadJourney> {
  const workflowId = journeyWorkflowId(sequenceName, personId);
  const enrollment = await db('enrollments as e')
    .join('sequence_versions as v', 'v.id', 'e.sequence_version_id')
    .where('e.workflow_id', workflowId)
    .first('e.status', 'e.current_node', 'e.next_action_at', 'e.end_reason', 'v.version');
  if (!enrollment) throw new Error(`person ${personId} has no journey in sequence "${sequenceName}"`);
  const events: Record<string, unknown>[] = await db('events')
    .where({ workflow_id: workflowId })
    .whereIn('type', PATH_EVENTS)
    .orderBy(['occurred_at', 'id'])
    .select('occurred_at', 'type', 'node_id', 'visit', 'channel', 'detail');
  return {
    workflowId,
    status: enrollment.status,
    version: Number(enrollment.version),
    currentNode: enrollment.current_node,
    nextActionAt: enrollment.next_action_at,
    endReason: enrollment.end_reason,
    steps: events.map((e) => ({
      at: e.occurred_at as Date,
      type: String(e.type),
      node: (e.node_id as string | null) ?? null,
      visit: (e.visit as number | null) ?? null,
      channel: (e.channel as string | null) ?? null,
      detail: (e.detail as Record<string, unknown>) ?? {},
    })),
  };
}
