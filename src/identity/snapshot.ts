import type { Sql } from './connection';

/** The temp table an audience's people are gathered in before their snapshot is taken. */
export async function createSelection(sql: Sql): Promise<void> {
  await sql.query('create temp table audience_selection (person_id bigint primary key) on commit drop');
}

/** The oldest row of an identifier table for each selected person: the one a journey reaches them on. */
function oldest(table: string, columns: string, where = 'true'): string {
  return `(select distinct on (person_id) person_id, ${columns} from ${table}
    where ${where} and person_id in (select person_id from audience_selection) order by person_id, id)`;
}

/**
 * Writes the members of a new audience from `audience_selection` (live person ids), with their variables as
 * the graph has them at this moment: the standard fields (the oldest identifier of each kind, the one a journey
 * reaches them on), `x_user_id`, then every person attribute. Blank standard fields are '' so that Liquid's
 * `default` applies. Returns the member count.
 *
 * Written as joins, not `order by id limit 1` subqueries: with a limit, Postgres walks the identifier table's
 * primary key hoping to meet the person early, a scan of the table per member. The selection is analysed
 * first so that the planner knows whether it holds ten people or a million.
 */
export async function captureMembers(sql: Sql, audienceId: string): Promise<number> {
  await sql.query('analyze audience_selection');
  const result = await sql.query(
    `insert into audience_members (audience_id, person_id, variables)
     select $1, p.id, jsonb_build_object(
         'first_name', coalesce(p.first_name, ''),
         'last_name', coalesce(p.last_name, ''),
         'full_name', concat_ws(' ', nullif(p.first_name, ''), nullif(p.last_name, '')),
         'x_handle', coalesce(xh.handle, ''),
         'x_user_id', coalesce(xi.x_user_id, ''),
         'email', coalesce(e.address, ''),
         'linkedin_url', coalesce(l.url, ''),
         'crypto_address', coalesce(c.address, '')
       ) || p.attributes
     from audience_selection s
     join persons p on p.id = s.person_id
     left join ${oldest('x_profiles', 'handle', 'handle is not null')} xh on xh.person_id = p.id
     left join ${oldest('x_profiles', 'x_user_id', 'x_user_id is not null')} xi on xi.person_id = p.id
     left join ${oldest('emails', 'address')} e on e.person_id = p.id
     left join ${oldest('linkedin_profiles', 'url')} l on l.person_id = p.id
     left join ${oldest('crypto_addresses', 'address')} c on c.person_id = p.id`,
    [audienceId],
  );
  return result.rowCount ?? 0;
}
