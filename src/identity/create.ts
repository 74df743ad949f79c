import type { Knex } from 'knex';
import { assertAudienceNameFree, insertAudience } from './audiences';
import { inTransaction, rows, withConnection, type Sql } from './connection';
import { formatFilter, parseFilter, type Filter } from './filter';
import { filterSql, resolveAudiences } from './filter-sql';
import { captureMembers, createSelection } from './snapshot';

export interface CreateAudienceOptions {
  name: string;
  /** In the filter language of docs/audiences.md. */
  from: string;
  /** Count the people the filter selects; create nothing. */
  dryRun?: boolean;
}

export interface CreateAudienceResult {
  audience: string;
  audienceId: string | null;
  /** The filter as understood, in canonical form. */
  filter: string;
  members: number;
  dryRun: boolean;
}

/**
 * Snapshots the live persons the filter selects, with their variables as of now. One repeatable-read
 * transaction, so an import committing meanwhile cannot split the selection from the variables.
 * Throws FilterError, UnknownAudienceError and AudienceExistsError.
 */
export async function createAudience(db: Knex, opts: CreateAudienceOptions): Promise<CreateAudienceResult> {
  const filter = parseFilter(opts.from);
  const canonical = formatFilter(filter);
  const dryRun = Boolean(opts.dryRun);
  return withConnection(db, (sql) =>
    inTransaction(
      sql,
      async () => {
        const audiences = await resolveAudiences(sql, filter);
        await assertAudienceNameFree(sql, opts.name);
        if (dryRun) {
          const members = await countSelected(sql, filter, audiences);
          return { audience: opts.name, audienceId: null, filter: canonical, members, dryRun };
        }
        const id = await insertAudience(sql, opts.name, { kind: 'filter', expression: canonical, filter });
        await createSelection(sql);
        const params: unknown[] = [];
        const where = filterSql(filter, params, audiences);
        await sql.query(`insert into audience_selection select p.id from persons p where p.merged_into is null and ${where}`, params);
        const members = await captureMembers(sql, id);
        return { audience: opts.name, audienceId: id, filter: canonical, members, dryRun };
      },
      'repeatable read',
    ),
  );
}

async function countSelected(sql: Sql, filter: Filter, audiences: ReadonlyMap<string, string>): Promise<number> {
  const params: unknown[] = [];
  const where = filterSql(filter, params, audiences);
  const [row] = await rows<{ count: string }>(sql, `select count(*) from persons p where p.merged_into is null and ${where}`, params);
  return Number(row?.count ?? 0);
}
