import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { workflowIdsInStatus } from '../db/journey-status';
import { sequenceIdByName } from '../db/sequences';
import { cancelSignal, journeyWorkflowId, pauseSignal, resumeSignal } from '../../workflows/contract';
import { RUNNING_STATUSES } from '../../workflows/vocabulary';
import { forEachLimited } from '../util/pool';

export type JourneyCommand = 'pause' | 'resume' | 'cancel';

export interface ControlResult {
  signalled: number;
  /** Journeys that had already ended in Temporal by the time the signal went out. */
  alreadyEnded: number;
}

/** Journeys of the sequence still running according to Postgres (optionally one lead's). */
async function runningWorkflowIds(db: Knex, sequenceName: string, personId?: string): Promise<string[]> {
  const only = personId === undefined ? undefined : journeyWorkflowId(sequenceName, personId);
  return workflowIdsInStatus(db, sequenceName, RUNNING_STATUSES, only);
}

/** Sends pause, resume or cancel to one lead's journey or to every running journey of a sequence. */
export async function controlJourneys(
  client: Client,
  db: Knex,
  opts: { command: JourneyCommand; sequenceName: string; personId?: string; reason?: string; concurrency: number },
): Promise<ControlResult> {
  if ((await sequenceIdByName(db, opts.sequenceName)) === undefined) throw new Error(`sequence "${opts.sequenceName}" does not exist`);
  const ids = await runningWorkflowIds(db, opts.sequenceName, opts.personId);
  if (opts.personId !== undefined && ids.length === 0) {
    throw new Error(`person ${opts.personId} has no running journey in sequence "${opts.sequenceName}"`);
  }
  const result: ControlResult = { signalled: 0, alreadyEnded: 0 };
  await forEachLimited(ids, opts.concurrency, async (workflowId) => {
    const handle = client.workflow.getHandle(workflowId);
    try {
      if (opts.command === 'pause') await handle.signal(pauseSignal, opts.reason);
      else if (opts.command === 'resume') await handle.signal(resumeSignal);
      else await handle.signal(cancelSignal, opts.reason);
      result.signalled += 1;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      result.alreadyEnded += 1;
    }
  });
  return result;
}
