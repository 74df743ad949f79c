import type { Knex } from 'knex';
import { assembleVersion, type StoredVersion } from './assemble';
import { countMetrics } from './query';
import type { Report } from './types';

export class UnknownSequenceError extends Error {
  constructor(readonly sequence: string) {
    super(`sequence "${sequence}" does not exist`);
    this.name = 'UnknownSequenceError';
  }
}

/** The report of every published version of a sequence, counted from its event log. */
export async function buildReport(db: Knex, sequence: string): Promise<Report> {
  const found = await db('sequences').where({ name: sequence }).first('id');
  if (!found) throw new UnknownSequenceError(sequence);
  const rows = await db('sequence_versions')
    .where({ sequence_id: found.id })
    .orderBy('version')
    .select('id', 'version', 'graph', 'published_at');
  const versions: StoredVersion[] = rows.map((r) => ({ id: r.id, version: r.version, graph: r.graph, publishedAt: r.published_at }));
  const counts = await countMetrics(db, versions);
  return { sequence, versions: versions.map((v) => assembleVersion(v, counts)) };
}
