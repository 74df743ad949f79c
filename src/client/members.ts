import type { Knex } from 'knex';
import type { MemberContact } from './reachability';

const PAGE = 5000;

/** The audience's id, or an error naming the audience that does not exist. */
export async function audienceId(db: Knex, name: string): Promise<string> {
  const row: { id: string } | undefined = await db('audiences').where({ name }).first('id');
  if (!row) throw new Error(`audience "${name}" does not exist`);
  return String(row.id);
}

/**
 * Members with their first identifier per kind and the variables captured in the snapshot, page by page.
 * A member merged into another person since the snapshot stands for the person who holds its identifiers
 * now (one hop: merges keep `merged_into` pointing at a live person); when that person is a member too,
 * the merged one is left out so nobody is counted twice.
 */
export async function* audienceMembers(db: Knex, audience: string): AsyncGenerator<MemberContact[]> {
  let after = '0';
  for (;;) {
    const rows: Record<string, unknown>[] = await db
      .with('page', (page) => {
        page
          .from('audience_members as m')
          .join('persons as p', 'p.id', 'm.person_id')
          .where('m.audience_id', audience)
          .where('m.person_id', '>', after)
          .whereNot((merged) => {
            merged.whereNotNull('p.merged_into').whereExists((live) => {
              live.from('audience_members as l').whereRaw('l.audience_id = m.audience_id and l.person_id = p.merged_into');
            });
          })
          .orderBy('m.person_id')
          .limit(PAGE)
          .select('m.person_id as member_id', 'm.variables', db.raw('coalesce(p.merged_into, p.id) as person_id'));
      })
      .from('page')
      .orderBy('member_id')
      .select(
        'member_id',
        'person_id',
        'variables',
        db.raw('(select x_user_id from x_profiles x where x.person_id = page.person_id order by id limit 1) as x_user_id'),
        db.raw('(select handle from x_profiles x where x.person_id = page.person_id and handle is not null order by id limit 1) as x_handle'),
        db.raw('(select address from emails e where e.person_id = page.person_id order by id limit 1) as email'),
        db.raw('(select url from linkedin_profiles l where l.person_id = page.person_id order by id limit 1) as linkedin_url'),
        db.raw('(select address from crypto_addresses c where c.person_id = page.person_id order by id limit 1) as crypto_address'),
      );
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      personId: String(r.person_id),
      xUserId: (r.x_user_id as string | null) ?? null,
      xHandle: (r.x_handle as string | null) ?? null,
      email: (r.email as string | null) ?? null,
      linkedinUrl: (r.linkedin_url as string | null) ?? null,
      cryptoAddress: (r.crypto_address as string | null) ?? null,
      variables: (r.variables as Record<string, string> | null) ?? {},
    }));
    after = String(rows[rows.length - 1]?.member_id);
  }
}

export async function audienceSize(db: Knex, name: string): Promise<number> {
  const row = await db('audience_members').where('audience_id', await audienceId(db, name)).count<{ count: string }>({ count: '*' }).first();
  return Number(row?.count ?? 0);
}
