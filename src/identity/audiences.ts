import { rows, type Sql } from './connection';

/** Audiences are snapshots: a name is taken once, never refilled. */
export class AudienceExistsError extends Error {
  constructor(readonly audience: string) {
    super(`audience "${audience}" already exists; an audience is a snapshot, so choose a new name`);
  }
}

export class UnknownAudienceError extends Error {
  constructor(readonly audience: string) {
    super(`no audience named "${audience}" (see \`outreach audience list\`)`);
  }
}

/** Where an audience came from, kept in `audiences.filter`. */
export type AudienceSource =
  | { kind: 'import'; file: string; rows: number; bad_rows: number }
  | { kind: 'filter'; expression: string; filter: unknown };

export async function assertAudienceNameFree(sql: Sql, name: string): Promise<void> {
  if (name.trim() === '') throw new Error('an audience needs a name that is not blank');
  const found = await rows(sql, 'select 1 from audiences where name = $1', [name]);
  if (found.length > 0) throw new AudienceExistsError(name);
}

/** Inserts the audience row (members come after); a name taken meanwhile is an AudienceExistsError too. */
export async function insertAudience(sql: Sql, name: string, source: AudienceSource): Promise<string> {
  await sql.query('savepoint insert_audience');
  try {
    const [row] = await rows<{ id: string }>(sql, 'insert into audiences (name, filter) values ($1, $2) returning id::text', [name, source]);
    await sql.query('release savepoint insert_audience');
    return (row as { id: string }).id;
  } catch (error) {
    await sql.query('rollback to savepoint insert_audience');
    if ((error as { code?: string }).code === '23505') throw new AudienceExistsError(name);
    throw error;
  }
}

export async function setAudienceSource(sql: Sql, id: string, source: AudienceSource): Promise<void> {
  await sql.query('update audiences set filter = $2 where id = $1', [id, source]);
}

export async function audienceId(sql: Sql, name: string): Promise<string> {
  const [row] = await rows<{ id: string }>(sql, 'select id::text from audiences where name = $1', [name]);
  if (!row) throw new UnknownAudienceError(name);
  return row.id;
}
