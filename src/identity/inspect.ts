import type { Knex } from 'knex';
import { audienceId, type AudienceSource } from './audiences';
import { rows, withConnection } from './connection';

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
  return withConnection(db, async (sql) => {
    const found = await rows<{ id: string; name: string; created_at: Date; filter: AudienceSummary['source']; members: string }>(
      sql,
      `select a.id::text, a.name, a.created_at, a.filter,
         (select count(*) from audience_members m where m.audience_id = a.id) as members
       from audiences a order by a.created_at, a.id`,
    );
    return found.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, source: r.filter, members: Number(r.members) }));
  });
}

/** Throws UnknownAudienceError. */
export async function showAudience(db: Knex, name: string): Promise<AudienceDetails> {
  return withConnection(db, async (sql) => {
    const id = await audienceId(sql, name);
    const [counts] = await rows<Record<string, string | Date | AudienceSource>>(
      sql,
      `select a.created_at, a.filter,
         count(m.person_id) as members,
         count(*) filter (where m.variables->>'x_handle' <> '' or m.variables->>'x_user_id' <> '') as x,
         count(*) filter (where m.variables->>'email' <> '') as email,
         count(*) filter (where m.variables->>'linkedin_url' <> '') as linkedin,
         count(*) filter (where m.variables->>'crypto_address' <> '') as crypto,
         count(*) filter (where p.merged_into is not null) as merged,
         (select count(*) from enrollments e where e.audience_id = a.id) as enrollments
       from audiences a
       left join audience_members m on m.audience_id = a.id
       left join persons p on p.id = m.person_id
       where a.id = $1 group by a.id`,
      [id],
    );
    const variables = await rows<{ name: string }>(
      sql,
      'select distinct jsonb_object_keys(variables) as name from audience_members where audience_id = $1 order by 1',
      [id],
    );
    const n = (key: string) => Number(counts?.[key] ?? 0);
    return {
      id,
      name,
      createdAt: counts?.created_at as Date,
      source: counts?.filter as AudienceSource,
      members: n('members'),
      reachable: { x: n('x'), email: n('email'), linkedin: n('linkedin'), crypto: n('crypto') },
      mergedSince: n('merged'),
      enrollments: n('enrollments'),
      variables: variables.map((v) => v.name),
    };
  });
}
