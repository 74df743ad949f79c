import type { Knex } from 'knex';
import { audienceCounts, audienceVariableNames, listAudienceRecords } from '../db/audiences';
import { audienceId, type AudienceSource } from './audiences';

export interface AudienceSummary {
  id: string;
  name: string;
  createdAt: Date;
  source: AudienceSource | Record<string, never>;
  members: number;
}

export interface AudienceDetails extends AudienceSummary {
  /** Members whose captured variables hold an identifier of each kind. */
  reachable: { x: number; email: number; linkedin: number; crypto: number };
  /** Members merged into another person since the snapshot: journeys reach them through the survivor. */
  mergedSince: number;
  /** Journeys (enrollment rows) started from this audience. */
  enrollments: number;
  /** Every variable name captured for some member. */
  variables: string[];
}

export async function listAudiences(db: Knex): Promise<AudienceSummary[]> {
  return (await listAudienceRecords(db)).map((a) => ({ ...a, source: a.source as AudienceSummary['source'] }));
}

/** Throws UnknownAudienceError. */
export async function showAudience(db: Knex, name: string): Promise<AudienceDetails> {
  const id = await audienceId(db, name);
  const [counts, variables] = await Promise.all([audienceCounts(db, id), audienceVariableNames(db, id)]);
  if (!counts) throw new Error(`audience "${name}" vanished while it was read`);
  return {
    id,
    name,
    createdAt: counts.createdAt,
    source: counts.source as AudienceSource,
    members: counts.members,
    reachable: { x: counts.x, email: counts.email, linkedin: counts.linkedin, crypto: counts.crypto },
    mergedSince: counts.merged,
    enrollments: counts.enrollments,
    variables,
  };
}
