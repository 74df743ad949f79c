import { setTimeout } from 'node:timers/promises';
import { isGrpcDeadlineError, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Knex } from 'knex';
import {
  JOURNEY_WORKFLOW,
  journeyWorkflowId,
  searchAttributes,
  type JourneyInput,
} from '../../workflows/contract';
import { enrolledPersonIds } from '../db/enrollments';
import { getSequenceVersion } from '../db/sequences';
import { forEachLimited } from '../util/pool';

export interface StartJourneysOptions {
  sequenceName: string;
  /** The latest published version when absent. */
  version?: number;
  personIds: string[];
  audienceId?: string;
  taskQueue: string;
  nodesPerRun?: number;
  /** Workflow starts in flight at once (default 20). */
  concurrency?: number;
  /** Called once per person handled, whatever the outcome. */
  onEach?: () => void;
}

export interface StartJourneysResult {
  version: number;
  started: string[];
  /** Persons whose journey in this sequence already exists (running or finished): never enrolled twice. */
  alreadyEnrolled: string[];
  /** Ids given that name no person; nothing is started for them. */
  unknown: string[];
}

const START_ATTEMPTS = 5;

/** Starts one journey workflow per person on a published sequence version. */
export async function startJourneys(client: Client, db: Knex, opts: StartJourneysOptions): Promise<StartJourneysResult> {
  const stored = await getSequenceVersion(db, opts.sequenceName, opts.version);
  const result: StartJourneysResult = { version: stored.version, started: [], alreadyEnrolled: [], unknown: [] };
  // Ids are bigints: anything else names no person (and would make Postgres reject the whole query).
  const candidates = opts.personIds.filter((id) => /^[1-9][0-9]{0,17}$/.test(id));
  const known = await existingPersonIds(db, candidates);
  const enrolled = await enrolledPersonIds(db, stored.sequenceId, candidates);
  await forEachLimited(opts.personIds, opts.concurrency ?? 20, async (personId) => {
    await startOne(personId);
    opts.onEach?.();
  });
  return result;

  async function startOne(personId: string): Promise<void> {
    if (!known.has(personId)) {
      result.unknown.push(personId);
      return;
    }
    // Temporal forgets closed workflows after the namespace's retention; the enrollment row does not.
    if (enrolled.has(personId)) {
      result.alreadyEnrolled.push(personId);
      return;
    }
    const input: JourneyInput = {
      version: 1,
      sequenceName: opts.sequenceName,
      sequenceVersionId: stored.versionId,
      sequenceVersion: stored.version,
      graph: stored.graph,
      personId,
      ...(opts.audienceId === undefined ? {} : { audienceId: opts.audienceId }),
      ...(opts.nodesPerRun === undefined ? {} : { nodesPerRun: opts.nodesPerRun }),
    };
    const start = () =>
      client.workflow.start(JOURNEY_WORKFLOW, {
        taskQueue: opts.taskQueue,
        workflowId: journeyWorkflowId(opts.sequenceName, personId),
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [input],
        typedSearchAttributes: [
          { key: searchAttributes.sequence, value: opts.sequenceName },
          { key: searchAttributes.version, value: stored.version },
          { key: searchAttributes.lead, value: personId },
          { key: searchAttributes.node, value: stored.graph.start },
          { key: searchAttributes.status, value: 'active' },
        ],
      });
    for (let attempt = 1; ; attempt++) {
      try {
        await start();
        result.started.push(personId);
        return;
      } catch (error) {
        // A start that timed out may have happened: its retry then meets our own workflow, which counts as started.
        if (error instanceof WorkflowExecutionAlreadyStartedError) {
          (attempt === 1 ? result.alreadyEnrolled : result.started).push(personId);
          return;
        }
        // The client retries what certainly did not happen (UNAVAILABLE, ...) itself; a deadline it leaves to us,
        // and the fixed workflow id with REJECT_DUPLICATE makes a second try safe.
        if (!isGrpcDeadlineError(error) || attempt >= START_ATTEMPTS) throw error;
        await setTimeout(1000 * 2 ** (attempt - 1));
      }
    }
  }
}

async function existingPersonIds(db: Knex, ids: string[]): Promise<Set<string>> {
  // One array parameter, not one per id: an audience can exceed Postgres' 65,535 bind parameters.
  const rows: { id: string }[] = await db('persons').whereRaw('id = any(?::bigint[])', [ids]).select('id');
  return new Set(rows.map((r) => String(r.id)));
}
