import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { runningJourneysOf } from '../db/enrollments';
import { deferSignal } from '../../workflows/contract';
import { signalIfRunning } from './signal-journey';

/**
 * Tells each of the person's running journeys that no message may go before `until` (an out-of-office note's
 * return day). Returns how many it told; a journey ended since Postgres listed it running is skipped.
 */
export async function deferJourneysOf(db: Knex, temporal: Pick<Client, 'workflow'>, personId: string, until: string, eventId?: string): Promise<number> {
  let told = 0;
  for (const workflowId of await runningJourneysOf(db, personId)) {
    if (await signalIfRunning(temporal, workflowId, deferSignal, { ...(eventId === undefined ? {} : { eventId }), until })) told++;
  }
  return told;
}
