import type { Knex } from 'knex';
import type { Channel } from '../sequences/model';
import { isTerminal, RUNNING_STATUSES, TERMINAL_STATUSES } from '../../workflows/vocabulary';
import type { EnrollmentRow, EnrollmentStatus, Timestamp } from './tables';

export interface JourneyStart {
  workflowId: string;
  sequenceVersionId: string;
  personId: string;
  audienceId?: string;
  startedAt: Timestamp;
}

export interface JourneyProgress {
  workflowId: string;
  currentNode: string | null;
  visit: number;
  status: EnrollmentStatus;
  nextActionAt: Timestamp | null;
  variantChoices: Record<string, string>;
  endReason?: string;
  /** Workflow time of this progress; older writes than the stored one are ignored. */
  at: Timestamp;
}

export interface Enrollment {
  id: string;
  workflowId: string;
  sequenceId: string;
  sequenceVersionId: string;
  personId: string;
  audienceId: string | null;
  status: EnrollmentStatus;
  currentNode: string | null;
  visit: number;
  variantChoices: Record<string, string>;
  nextActionAt: Date | null;
  endReason: string | null;
  startedAt: Date;
  updatedAt: Date;
  endedAt: Date | null;
}

/**
 * Idempotent: a second start of the same workflow id changes nothing. A member skipped by an earlier
 * enrollment (status `skipped`) becomes this journey.
 */
export async function recordJourneyStart(db: Knex, start: JourneyStart): Promise<void> {
  await upsertEnrollment(db, start, { status: 'active', end_reason: null, ended_at: null });
}

/** Records a member the sequence cannot reach, with the reason; a later enrollment may still start it. */
export async function recordSkippedEnrollment(db: Knex, start: JourneyStart, reason: string): Promise<void> {
  await upsertEnrollment(db, start, { status: 'skipped', end_reason: reason, ended_at: null });
}

async function upsertEnrollment(
  db: Knex,
  start: JourneyStart,
  state: { status: EnrollmentStatus; end_reason: string | null; ended_at: null },
): Promise<void> {
  const version = await db('sequence_versions').where({ id: start.sequenceVersionId }).first('sequence_id');
  if (!version) throw new Error(`sequence version ${start.sequenceVersionId} does not exist`);
  const row = {
    workflow_id: start.workflowId,
    sequence_id: version.sequence_id,
    sequence_version_id: start.sequenceVersionId,
    person_id: start.personId,
    audience_id: start.audienceId ?? null,
    ...state,
    started_at: new Date(start.startedAt),
    updated_at: new Date(start.startedAt),
  };
  await db('enrollments')
    .insert(row)
    .onConflict('workflow_id')
    .merge(['sequence_version_id', 'audience_id', 'status', 'end_reason', 'started_at', 'updated_at'])
    .where('enrollments.status', 'skipped');
}

/**
 * Returns whether the write applied. A terminal journey is never changed again, and a write older than the
 * stored one (a late retry of an earlier activity) is ignored, so replays and retries are harmless.
 */
export async function recordJourneyProgress(db: Knex, p: JourneyProgress): Promise<boolean> {
  const at = new Date(p.at);
  const updated = await db('enrollments')
    .where({ workflow_id: p.workflowId })
    .whereNotIn('status', TERMINAL_STATUSES)
    .where('updated_at', '<=', at)
    .update(
      {
        current_node: p.currentNode,
        visit: p.visit,
        status: p.status,
        next_action_at: p.nextActionAt === null ? null : new Date(p.nextActionAt),
        variant_choices: p.variantChoices,
        end_reason: p.endReason ?? null,
        updated_at: at,
        ended_at: isTerminal(p.status) ? at : null,
      },
      ['id'],
    );
  return updated.length > 0;
}

export async function getEnrollment(db: Knex, workflowId: string): Promise<Enrollment | undefined> {
  const row = await db('enrollments').where({ workflow_id: workflowId }).first();
  return row && toEnrollment(row);
}

function toEnrollment(row: EnrollmentRow): Enrollment {
  return {
    id: row.id,
    workflowId: row.workflow_id,
    sequenceId: row.sequence_id,
    sequenceVersionId: row.sequence_version_id,
    personId: row.person_id,
    audienceId: row.audience_id,
    status: row.status,
    currentNode: row.current_node,
    visit: row.visit,
    variantChoices: row.variant_choices,
    nextActionAt: row.next_action_at,
    endReason: row.end_reason,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    endedAt: row.ended_at,
  };
}

/**
 * Of these (live) people, those with a journey in the sequence, their own or one of a person since merged
 * into them: a merge must not get somebody contacted a second time.
 */
export async function enrolledPersonIds(db: Knex, sequenceId: string, ids: string[]): Promise<Set<string>> {
  const rows: { person_id: string }[] = await db('enrollments as e')
    .join('persons as p', 'p.id', 'e.person_id')
    .where('e.sequence_id', sequenceId)
    .whereNot('e.status', 'skipped')
    .where((who) => {
      who
        .whereRaw('e.person_id = any(?::bigint[])', [ids])
        .orWhereIn('e.person_id', db('persons').whereRaw('merged_into = any(?::bigint[])', [ids]).select('id'));
    })
    .select(db.raw('coalesce(p.merged_into, p.id) as person_id'));
  return new Set(rows.map((r) => String(r.person_id)));
}

/**
 * The running journeys of a person (their own, or of a person since merged into them) that have sent on the
 * channel, from the given sender account when known: the ones an event from that person there can answer.
 */
/** The workflow ids of the person's running journeys (their own, and those of persons merged into them). */
export async function runningJourneysOf(db: Knex, personId: string): Promise<string[]> {
  const rows: { workflow_id: string }[] = await db('enrollments')
    .whereIn('status', RUNNING_STATUSES)
    .where((who) => {
      who.where('person_id', personId).orWhereIn('person_id', db('persons').where('merged_into', personId).select('id'));
    })
    .orderBy('id')
    .select('workflow_id');
  return rows.map((r) => r.workflow_id);
}

export async function runningJourneysThatSent(
  db: Knex,
  personId: string,
  sent: { channel: Channel; senderAccountId?: string | null },
): Promise<string[]> {
  const rows: { workflow_id: string }[] = await db('enrollments as e')
    .whereIn('e.status', RUNNING_STATUSES)
    .where((who) => {
      who.where('e.person_id', personId).orWhereIn('e.person_id', db('persons').where('merged_into', personId).select('id'));
    })
    .whereExists((sends) => {
      sends
        .select(db.raw('1'))
        .from('events as s')
        .whereRaw('s.workflow_id = e.workflow_id')
        .where({ 's.type': 'action_sent', 's.channel': sent.channel });
      if (sent.senderAccountId) sends.where('s.sender_account_id', sent.senderAccountId);
    })
    .orderBy('e.id')
    .select('e.workflow_id');
  return rows.map((r) => r.workflow_id);
}
