import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { journeyWorkflowId } from '../../workflows/contract';
import { startJourneys } from './start-journeys';
import { enrolledPersonIds, recordSkippedEnrollment } from '../db/enrollments';
import { getSequenceVersion } from '../db/sequences';
import { suppressedAmong } from '../suppression/check';
import { cachedSuppressionKey } from '../suppression/key';
import { audienceId, audienceMembers } from './members';
import { LaterNodeTally, type UnreachableLater } from './later-nodes';
import { memberReach, reachabilityRules, type Shortfall } from './reachability';

interface EnrollTarget {
  sequenceName: string;
  version?: number;
  audienceName: string;
  onProgress?: (handled: number) => void;
}

/**
 * A dry run reports what would start and records nothing; a real run starts journeys, so it cannot be
 * asked for without the Temporal client that starts them.
 */
export type EnrollRun =
  | { dryRun: true }
  | {
      dryRun: false;
      client: Client;
      taskQueue: string;
      /** Workflow starts in flight at once. */
      concurrency: number;
    };

export type EnrollOptions = EnrollTarget & EnrollRun;

export interface EnrollResult {
  sequence: string;
  version: number;
  audience: string;
  members: number;
  /** Journeys started now (with --dry-run: that would start). */
  started: number;
  /** Members whose journey in this sequence already exists: counted, not an error. */
  alreadyEnrolled: number;
  skipped: { personId: string; reason: string }[];
  /**
   * Per later node, how many of the members started (with --dry-run: that would start) it cannot reach:
   * their journeys end there, failed, if they get that far.
   */
  unreachableLater: UnreachableLater[];
}

/** Starts one journey per reachable audience member; records why the others were skipped. Safe to repeat. */
export async function enrollAudience(db: Knex, opts: EnrollOptions): Promise<EnrollResult> {
  const stored = await getSequenceVersion(db, opts.sequenceName, opts.version);
  const audience = await audienceId(db, opts.audienceName);
  const rules = reachabilityRules(stored.graph);
  const result: EnrollResult = {
    sequence: opts.sequenceName,
    version: stored.version,
    audience: opts.audienceName,
    members: 0,
    started: 0,
    alreadyEnrolled: 0,
    skipped: [],
    unreachableLater: [],
  };
  const later = new LaterNodeTally(stored.graph);
  for await (const page of audienceMembers(db, audience)) {
    result.members += page.length;
    const reachable: string[] = [];
    const shortfalls = new Map<string, Shortfall[]>();
    for (const member of page) {
      const { skipReason: reason, failsAt } = memberReach(rules, member);
      if (reason === undefined) {
        reachable.push(member.personId);
        if (failsAt.length > 0) shortfalls.set(member.personId, failsAt);
        continue;
      }
      result.skipped.push({ personId: member.personId, reason });
      opts.onProgress?.(1);
      if (opts.dryRun) continue;
      const start = { workflowId: journeyWorkflowId(opts.sequenceName, member.personId), sequenceVersionId: stored.versionId };
      await recordSkippedEnrollment(db, { ...start, personId: member.personId, audienceId: audience, startedAt: new Date() }, reason);
    }
    if (opts.dryRun) {
      const enrolled = await enrolledPersonIds(db, stored.sequenceId, reachable);
      const suppressed = await suppressedAmong(db, await cachedSuppressionKey(db), reachable.filter((id) => !enrolled.has(id)));
      result.alreadyEnrolled += enrolled.size;
      result.started += reachable.length - enrolled.size - suppressed.size;
      for (const [personId, s] of suppressed) result.skipped.push({ personId, reason: `suppressed (${s.reason})` });
      for (const personId of reachable) if (!enrolled.has(personId) && !suppressed.has(personId)) later.add(shortfalls.get(personId) ?? []);
      opts.onProgress?.(reachable.length);
      continue;
    }
    const started = await startJourneys(opts.client, db, {
      sequenceName: opts.sequenceName,
      version: stored.version,
      personIds: reachable,
      audienceId: audience,
      taskQueue: opts.taskQueue,
      concurrency: opts.concurrency,
      onEach: () => opts.onProgress?.(1),
    });
    result.started += started.started.length;
    result.skipped.push(...started.suppressed);
    result.alreadyEnrolled += started.alreadyEnrolled.length;
    for (const personId of started.started) later.add(shortfalls.get(personId) ?? []);
  }
  result.unreachableLater = later.list();
  return result;
}
