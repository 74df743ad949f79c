import type { Knex } from 'knex';
import { audienceIds, audienceNameTaken, insertAudience as insertAudienceRow } from '../db/audiences';

/** Audiences are snapshots: a name is taken once, never refilled. */
class AudienceExistsError extends Error {
  constructor(readonly audience: string) {
    super(`audience "${audience}" already exists; an audience is a snapshot, so choose a new name`);
  }
}

class UnknownAudienceError extends Error {
  constructor(readonly audience: string) {
    super(`no audience named "${audience}" (see \`outreach audience list\`)`);
  }
}

/** Where an audience came from, kept in `audiences.filter`. */
export type AudienceSource =
  | { kind: 'import'; file: string; rows: number; bad_rows: number }
  | { kind: 'filter'; expression: string; filter: unknown };

export async function assertAudienceNameFree(db: Knex, name: string): Promise<void> {
  if (name.trim() === '') throw new Error('an audience needs a name that is not blank');
  if (await audienceNameTaken(db, name)) throw new AudienceExistsError(name);
}

/** Inserts the audience row (members come after); a name taken meanwhile is an AudienceExistsError too. */
export async function insertAudience(trx: Knex.Transaction, name: string, source: AudienceSource): Promise<string> {
  const id = await insertAudienceRow(trx, name, source);
  if (id === undefined) throw new AudienceExistsError(name);
  return id;
}

/** Throws UnknownAudienceError. */
export async function audienceId(db: Knex, name: string): Promise<string> {
  const id = (await audienceIds(db, [name])).get(name);
  if (id === undefined) throw new UnknownAudienceError(name);
  return id;
}

/** Audience name -> id for every name given; an unknown name is an UnknownAudienceError. */
export async function resolveAudienceNames(db: Knex, names: ReadonlySet<string>): Promise<Map<string, string>> {
  const ids = await audienceIds(db, [...names]);
  for (const name of names) if (!ids.has(name)) throw new UnknownAudienceError(name);
  return ids;
}
