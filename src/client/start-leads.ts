import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { unknownPersonIds } from '../db/people';
import { getSequenceVersion } from '../db/sequences';
import { upsertLeads, type LeadSpec } from './leads-file';
import { startJourneys, type StartJourneysResult } from './start-journeys';
import { assertTemporalReady } from './temporal-ready';

export interface StartLeadsOptions {
  sequenceName: string;
  version?: number;
  /** Persons already in the graph. */
  personIds: string[];
  /** People from a leads file, found in the graph or added to it. */
  leads: LeadSpec[];
  taskQueue: string;
  namespace: string;
}

/** What `startLeads` will start, checked in the database before Temporal is contacted or anything written. */
export interface PlannedStart extends StartLeadsOptions {
  version: number;
}

export async function planStart(db: Knex, opts: StartLeadsOptions): Promise<PlannedStart> {
  const stored = await getSequenceVersion(db, opts.sequenceName, opts.version);
  const unknown = await unknownPersonIds(db, opts.personIds);
  if (unknown.length > 0) throw new Error(`--lead: no such person ${unknown.join(', ')}; nothing was written or started`);
  return { ...opts, version: stored.version };
}

/**
 * `outreach start`: a published sequence version for a list of leads; leads already enrolled are skipped.
 * After `planStart`, Temporal's namespace and search attributes are checked; only then are the file's
 * people written, in one transaction, and the journeys started.
 */
export async function startLeads(client: Client, db: Knex, plan: PlannedStart): Promise<StartJourneysResult> {
  await assertTemporalReady(client, plan.namespace);
  const personIds = [...new Set([...plan.personIds, ...(await upsertLeads(db, plan.leads))])];
  return startJourneys(client, db, { sequenceName: plan.sequenceName, version: plan.version, personIds, taskQueue: plan.taskQueue });
}
