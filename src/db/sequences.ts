import type { Knex } from 'knex';
import type { SequenceGraph } from '../sequences/model';
import { canonicalJson, sha256Hex } from './checksum';

export interface PublishedVersion {
  sequenceId: string;
  versionId: string;
  version: number;
  /** False when the graph equals the latest version's, which is returned instead of a new one. */
  created: boolean;
}

export interface StoredSequenceVersion {
  sequenceId: string;
  versionId: string;
  version: number;
  graph: SequenceGraph;
}

export async function publishSequenceVersion(
  db: Knex,
  graph: SequenceGraph,
  source: string,
): Promise<PublishedVersion> {
  const checksum = sha256Hex(canonicalJson(graph));
  return db.transaction(async (trx) => {
    await trx('sequences').insert({ name: graph.name }).onConflict('name').ignore();
    // The row lock serialises concurrent publishes of one sequence, so version numbers never race.
    const sequence = await trx('sequences').where({ name: graph.name }).forUpdate().first();
    if (!sequence) throw new Error(`sequence "${graph.name}" vanished while publishing`);
    const latest = await trx('sequence_versions')
      .where({ sequence_id: sequence.id })
      .orderBy('version', 'desc')
      .first();
    if (latest?.checksum === checksum) {
      return { sequenceId: sequence.id, versionId: latest.id, version: latest.version, created: false };
    }
    const [row] = await trx('sequence_versions')
      .insert({ sequence_id: sequence.id, version: (latest?.version ?? 0) + 1, graph, source, checksum })
      .returning(['id', 'version']);
    if (!row) throw new Error(`insert of a version of "${graph.name}" returned no row`);
    return { sequenceId: sequence.id, versionId: row.id, version: row.version, created: true };
  });
}

/** The given version of a sequence, or its latest when `version` is omitted. */
export async function getSequenceVersion(
  db: Knex,
  name: string,
  version?: number,
): Promise<StoredSequenceVersion> {
  const query = db('sequence_versions')
    .whereIn('sequence_id', db('sequences').where({ name }).select('id'))
    .orderBy('version', 'desc');
  const row = await (version === undefined ? query : query.where({ version })).first();
  if (!row) {
    throw new Error(
      version === undefined
        ? `sequence "${name}" does not exist`
        : `sequence "${name}" has no version ${version}`,
    );
  }
  return { sequenceId: row.sequence_id, versionId: row.id, version: row.version, graph: row.graph };
}

/** The sequence's id; undefined when no sequence has the name. */
export async function sequenceIdByName(db: Knex, name: string): Promise<string | undefined> {
  const row = await db('sequences').where({ name }).first('id');
  return row === undefined ? undefined : String(row.id);
}

export interface VersionRecord {
  id: string;
  version: number;
  graph: SequenceGraph;
  publishedAt: Date;
}

/** Every published version of the sequence, oldest first. */
export async function listSequenceVersions(db: Knex, sequenceId: string): Promise<VersionRecord[]> {
  const rows = await db('sequence_versions').where({ sequence_id: sequenceId }).orderBy('version').select('id', 'version', 'graph', 'published_at');
  return rows.map((r) => ({ id: r.id, version: r.version, graph: r.graph, publishedAt: r.published_at }));
}

/** The name of the sequence a version belongs to; undefined when there is no such version. */
export async function sequenceNameOfVersion(db: Knex, versionId: string): Promise<string | undefined> {
  const row: { name: string } | undefined = await db('sequence_versions as v').join('sequences as s', 's.id', 'v.sequence_id').where('v.id', versionId).first('s.name');
  return row?.name;
}
