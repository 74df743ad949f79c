import { setTimeout } from 'node:timers/promises';
import { isGrpcDeadlineError, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Knex } from 'knex';
import {
  JOURNEY_WORKFLOW,
  journeyWorkflowId,
  searchAttributes,
  type JourneyInput,
} from '../../workflows/contract';
import { enrolledPersonIds, recordSkippedEnrollment } from '../db/enrollments';
import { existingPersonIds } from '../db/people';
import { getSequenceVersion } from '../db/sequences';
import { describeError, grpcStatusOf } from '../errors/describe';
import { suppressedAmong } from '../suppression/check';
import { cachedSuppressionKey } from '../suppression/key';
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
  /** Persons on the suppression list (for every channel): recorded as skipped with the reason, never started. */
  suppressed: { personId: string; reason: string }[];
}

const START_ATTEMPTS = 5;
/** Distinct reasons named in the message when starts fail; the rest are counted. */
const REASONS_SHOWN = 3;
/** A sequence name is cut here in the message: one over Temporal's id limit can be very long. */
const NAME_SHOWN_CHARS = 80;

/**
 * Temporal refused to start journeys. A start fails only after the client's own retries, and what is left
 * is the same for every member (a workflow input over the server's size limit, an id too long, a namespace
 * that does not exist, Temporal gone): so the first failure stops the run instead of failing every member.
 */
export class JourneyStartError extends Error {
  override readonly name = 'JourneyStartError';
  constructor(
    message: string,
    readonly result: StartJourneysResult & { failed: { personId: string; reason: string }[]; notTried: string[] },
  ) {
    super(message);
  }
}

/** The reason Temporal gave: the gRPC status under the client's "Failed to start Workflow". */
function startFailureReason(error: unknown): string {
  const status = grpcStatusOf(error);
  return status ? `${status.details} (${status.name})` : describeError(error).message;
}

/** Starts one journey workflow per person on a published sequence version. */
export async function startJourneys(client: Client, db: Knex, opts: StartJourneysOptions): Promise<StartJourneysResult> {
  const stored = await getSequenceVersion(db, opts.sequenceName, opts.version);
  const result: StartJourneysResult = { version: stored.version, started: [], alreadyEnrolled: [], unknown: [], suppressed: [] };
  // Ids are bigints: anything else names no person (and would make Postgres reject the whole query).
  const candidates = opts.personIds.filter((id) => /^[1-9][0-9]{0,17}$/.test(id));
  const known = await existingPersonIds(db, candidates);
  const enrolled = await enrolledPersonIds(db, stored.sequenceId, candidates);
  const suppressed = await suppressedAmong(db, await cachedSuppressionKey(db), [...known].filter((id) => !enrolled.has(id)));
  const failed: { personId: string; reason: string }[] = [];
  const notTried: string[] = [];
  await forEachLimited(opts.personIds, opts.concurrency ?? 20, async (personId) => {
    if (failed.length > 0) notTried.push(personId);
    else {
      try {
        await startOne(personId);
      } catch (error) {
        failed.push({ personId, reason: startFailureReason(error) });
      }
    }
    opts.onEach?.();
  });
  if (failed.length > 0) throw startError(opts.sequenceName, { ...result, failed, notTried });
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
    const suppression = suppressed.get(personId);
    if (suppression) {
      const reason = `suppressed (${suppression.reason})`;
      const start = { workflowId: journeyWorkflowId(opts.sequenceName, personId), sequenceVersionId: stored.versionId, personId, startedAt: new Date() };
      await recordSkippedEnrollment(db, { ...start, ...(opts.audienceId === undefined ? {} : { audienceId: opts.audienceId }) }, reason);
      result.suppressed.push({ personId, reason });
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
          // A new journey waits at its start node for its first tick; the workflow upserts only what changes.
          { key: searchAttributes.node, value: stored.graph.start },
          { key: searchAttributes.status, value: 'waiting' },
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

function startError(sequenceName: string, outcome: JourneyStartError['result']): JourneyStartError {
  const byReason = new Map<string, number>();
  for (const f of outcome.failed) byReason.set(f.reason, (byReason.get(f.reason) ?? 0) + 1);
  const reasons = [...byReason].slice(0, REASONS_SHOWN).map(([reason, n]) => `${reason} (${n} ${n === 1 ? 'journey' : 'journeys'})`);
  const more = byReason.size > REASONS_SHOWN ? `; and ${byReason.size - REASONS_SHOWN} other reasons` : '';
  const name = sequenceName.length > NAME_SHOWN_CHARS ? `${sequenceName.slice(0, NAME_SHOWN_CHARS)}...` : sequenceName;
  return new JourneyStartError(
    `Temporal refused to start journeys of sequence "${name}" version ${outcome.version}: ${reasons.join('; ')}${more}; ` +
      `stopped with ${outcome.started.length} started and ${outcome.notTried.length} not tried ` +
      '(once it is fixed, run the command again: journeys already started are skipped)',
    outcome,
  );
}
