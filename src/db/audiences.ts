import type { Knex } from 'knex';
import { arrayBinding } from './array-binding';

export async function audienceNameTaken(db: Knex, name: string): Promise<boolean> {
  return (await db('audiences').where({ name }).first('id')) !== undefined;
}

/** Inserts the audience row (members come after); undefined when the name is taken, meanwhile too. */
export async function insertAudience(trx: Knex.Transaction, name: string, source: Record<string, unknown>): Promise<string | undefined> {
  try {
    // A savepoint: the caller's transaction survives a name taken meanwhile.
    const [row] = await trx.transaction((savepoint) => savepoint('audiences').insert({ name, filter: source }).returning('id'));
    return row === undefined ? undefined : String(row.id);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') return undefined;
    throw error;
  }
}

export async function setAudienceSource(db: Knex, id: string, source: Record<string, unknown>): Promise<void> {
  await db('audiences').where({ id }).update({ filter: source });
}

/** Audience name -> id, for the names that exist. */
export async function audienceIds(db: Knex, names: readonly string[]): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const rows = await db('audiences').whereRaw('name = any(?::text[])', [arrayBinding(names)]).select('id', 'name');
  return new Map(rows.map((r) => [r.name, String(r.id)]));
}

interface AudienceRecord {
  id: string;
  name: string;
  createdAt: Date;
  source: Record<string, unknown>;
  members: number;
}

export async function listAudienceRecords(db: Knex): Promise<AudienceRecord[]> {
  const rows: { id: string; name: string; created_at: Date; filter: Record<string, unknown>; members: string }[] = await db('audiences as a')
    .orderBy(['a.created_at', 'a.id'])
    .select('a.id', 'a.name', 'a.created_at', 'a.filter', db('audience_members as m').whereRaw('m.audience_id = a.id').count('*').as('members'));
  return rows.map((r) => ({ id: String(r.id), name: r.name, createdAt: r.created_at, source: r.filter, members: Number(r.members) }));
}

/** What `audience show` counts: members, those holding an identifier of each kind, merged since, journeys. */
interface AudienceCounts {
  createdAt: Date;
  source: Record<string, unknown>;
  members: number;
  x: number;
  email: number;
  linkedin: number;
  crypto: number;
  merged: number;
  enrollments: number;
}

export async function audienceCounts(db: Knex, id: string): Promise<AudienceCounts | undefined> {
  const row: Record<string, unknown> | undefined = await db('audiences as a')
    .leftJoin('audience_members as m', 'm.audience_id', 'a.id')
    .leftJoin('persons as p', 'p.id', 'm.person_id')
    .where('a.id', id)
    .groupBy('a.id')
    .first(
      'a.created_at',
      'a.filter',
      db.raw('count(m.person_id) as members'),
      db.raw(`count(*) filter (where m.variables->>'x_handle' <> '' or m.variables->>'x_user_id' <> '') as x`),
      db.raw(`count(*) filter (where m.variables->>'email' <> '') as email`),
      db.raw(`count(*) filter (where m.variables->>'linkedin_url' <> '') as linkedin`),
      db.raw(`count(*) filter (where m.variables->>'crypto_address' <> '') as crypto`),
      db.raw('count(*) filter (where p.merged_into is not null) as merged'),
      db('enrollments as e').whereRaw('e.audience_id = a.id').count('*').as('enrollments'),
    );
  if (!row) return undefined;
  const n = (key: string) => Number(row[key] ?? 0);
  return {
    createdAt: row.created_at as Date,
    source: row.filter as Record<string, unknown>,
    members: n('members'),
    x: n('x'),
    email: n('email'),
    linkedin: n('linkedin'),
    crypto: n('crypto'),
    merged: n('merged'),
    enrollments: n('enrollments'),
  };
}

/** Every variable name captured for some member. */
export async function audienceVariableNames(db: Knex, id: string): Promise<string[]> {
  const rows = await db
    .select<{ name: string }[]>(db.raw('distinct jsonb_object_keys(variables) as name'))
    .from('audience_members')
    .where({ audience_id: id })
    .orderBy('name');
  return rows.map((r) => r.name);
}
