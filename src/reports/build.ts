import type { Knex } from 'knex';
import { countMetrics } from '../db/report-counts';
import { listSequenceVersions, sequenceIdByName } from '../db/sequences';
import { assembleVersion } from './assemble';
import type { Report } from './types';

export class UnknownSequenceError extends Error {
  constructor(readonly sequence: string) {
    super(`sequence "${sequence}" does not exist`);
    this.name = 'UnknownSequenceError';
  }
}

/** The report of every published version of a sequence, counted from its event log. */
export async function buildReport(db: Knex, sequence: string): Promise<Report> {
  const sequenceId = await sequenceIdByName(db, sequence);
  if (sequenceId === undefined) throw new UnknownSequenceError(sequence);
  const versions = await listSequenceVersions(db, sequenceId);
  const counts = await countMetrics(db, versions);
  return { sequence, versions: versions.map((v) => assembleVersion(v, counts)) };
}
