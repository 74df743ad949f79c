import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { workflowIdsInStatus } from '../db/journey-status';
import { sequenceIdByName } from '../db/sequences';
import { cancelSignal, journeyWorkflowId, pauseSignal, resumeSignal } from '../../workflows/contract';
import { RUNNING_STATUSES } from '../../workflows/vocabulary';
import { forEachLimited } from '../util/pool';
import { signalIfRunning } from './signal-journey';

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
    const told =
      opts.command === 'pause'
        ? await signalIfRunning(client, workflowId, pauseSignal, opts.reason)
        : opts.command === 'resume'
          ? await signalIfRunning(client, workflowId, resumeSignal)
          : await signalIfRunning(client, workflowId, cancelSignal, opts.reason);
    if (told) result.signalled += 1;
    else result.alreadyEnded += 1;
  });
  return result;
}
