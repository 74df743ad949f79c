import type { Knex } from 'knex';
import { arrayBinding } from './array-binding';
import type { EnrollmentStatus } from './tables';

/**
 * Reads of the enrollments table for the commands that watch and steer journeys from outside (status, the
 * control commands, the demo). Which statuses count as running or ended is the caller's to say.
 */

interface JourneyGroup {
  version: number;
  node: string | null;
  status: string;
  /** The end reason, for the statuses given as `reasonFor`; null otherwise. */
  reason: string | null;
  journeys: number;
}

/** Journeys of a sequence per (version, current node, status), and per end reason for `reasonFor`. */
export async function journeyGroups(db: Knex, sequenceId: string, reasonFor: readonly EnrollmentStatus[]): Promise<JourneyGroup[]> {
  const rows: Record<string, unknown>[] = await db('enrollments as e')
    .join('sequence_versions as v', 'v.id', 'e.sequence_version_id')
    .where('e.sequence_id', sequenceId)
    .select('v.version', 'e.current_node', 'e.status', db.raw('case when e.status = any(?::text[]) then e.end_reason end as reason', [arrayBinding(reasonFor)]))
    .count({ journeys: '*' })
    // By the output column: the same expression with its own parameter would be another expression to Postgres.
    .groupBy('v.version', 'e.current_node', 'e.status', 'reason')
    .orderBy(['v.version', 'e.current_node', 'e.status']);
  return rows.map((r) => ({
    version: Number(r.version),
    node: (r.current_node as string | null) ?? null,
    status: String(r.status),
    reason: (r.reason as string | null) ?? null,
    journeys: Number(r.journeys),
  }));
}

interface JourneyRecord {
  status: string;
  version: number;
  currentNode: string | null;
  nextActionAt: Date | null;
  endReason: string | null;
}

export async function journeyRecord(db: Knex, workflowId: string): Promise<JourneyRecord | undefined> {
  const row = await db('enrollments as e')
    .join('sequence_versions as v', 'v.id', 'e.sequence_version_id')
    .where('e.workflow_id', workflowId)
    .first('e.status', 'e.current_node', 'e.next_action_at', 'e.end_reason', 'v.version');
  if (!row) return undefined;
  return { status: row.status, version: Number(row.version), currentNode: row.current_node, nextActionAt: row.next_action_at, endReason: row.end_reason };
}

interface StepRecord {
  at: Date;
  type: string;
  node: string | null;
  visit: number | null;
  channel: string | null;
  detail: Record<string, unknown>;
}

/** The journey's events of these types, oldest first. */
export async function journeySteps(db: Knex, workflowId: string, types: readonly string[]): Promise<StepRecord[]> {
  const rows: Record<string, unknown>[] = await db('events')
    .where({ workflow_id: workflowId })
    .whereIn('type', types)
    .orderBy(['occurred_at', 'id'])
    .select('occurred_at', 'type', 'node_id', 'visit', 'channel', 'detail');
  return rows.map((e) => ({
    at: e.occurred_at as Date,
    type: String(e.type),
    node: (e.node_id as string | null) ?? null,
    visit: (e.visit as number | null) ?? null,
    channel: (e.channel as string | null) ?? null,
    detail: (e.detail as Record<string, unknown>) ?? {},
  }));
}

/** Workflow ids of the sequence's journeys in one of these statuses (optionally only the one given). */
export async function workflowIdsInStatus(
  db: Knex,
  sequenceName: string,
  statuses: readonly EnrollmentStatus[],
  workflowId?: string,
): Promise<string[]> {
  const query = db('enrollments as e')
    .join('sequences as s', 's.id', 'e.sequence_id')
    .where('s.name', sequenceName)
    .whereIn('e.status', statuses)
    .pluck<string[]>('e.workflow_id');
  return workflowId === undefined ? query : query.where('e.workflow_id', workflowId);
}

/** How many of the sequence's journeys are in one of these statuses. */
export async function countInStatus(db: Knex, sequenceName: string, statuses: readonly EnrollmentStatus[]): Promise<number> {
  const row = await db('enrollments as e')
    .join('sequences as s', 's.id', 'e.sequence_id')
    .where('s.name', sequenceName)
    .whereIn('e.status', statuses)
    .count<{ count: string }>({ count: '*' })
    .first();
  return Number(row?.count ?? 0);
}
