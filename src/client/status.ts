import type { Knex } from 'knex';
import { journeyGroups, journeyRecord, journeySteps } from '../db/journey-status';
import { sequenceIdByName } from '../db/sequences';
import { journeyWorkflowId } from '../../workflows/contract';

export interface SequenceStatus {
  sequence: string;
  /** Journeys per (version, node, status); skipped and failed ones by their reason. */
  rows: { version: number; node: string | null; status: string; reason: string | null; journeys: number }[];
}

/** Journeys of a sequence by version, current node and status, from the enrollments table. */
export async function sequenceStatus(db: Knex, sequenceName: string): Promise<SequenceStatus> {
  const sequenceId = await sequenceIdByName(db, sequenceName);
  if (sequenceId === undefined) throw new Error(`sequence "${sequenceName}" does not exist`);
  return { sequence: sequenceName, rows: await journeyGroups(db, sequenceId, ['skipped', 'failed']) };
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

const PATH_EVENTS = ['journey_started', 'node_entered', 'variant_chosen', 'action_sent', 'outcome_observed', 'branch_taken', 'action_failed', 'sender_reassigned', 'journey_paused', 'journey_resumed', 'journey_ended'];

/** One lead's journey in a sequence: its enrollment and the path from the event log, with timestamps. */
export async function leadJourney(db: Knex, sequenceName: string, personId: string): Promise<LeadJourney> {
  const workflowId = journeyWorkflowId(sequenceName, personId);
  const enrollment = await journeyRecord(db, workflowId);
  if (!enrollment) throw new Error(`person ${personId} has no journey in sequence "${sequenceName}"`);
  return { workflowId, ...enrollment, steps: await journeySteps(db, workflowId, PATH_EVENTS) };
}
