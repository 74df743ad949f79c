import type { Knex } from 'knex';
import { contactsQuery, toContact, type Contact, type ContactRow } from './contacts';

/** The variables captured for the person in the audience, as the member they were or as the one merged into them. */
export async function memberVariables(db: Knex, audienceId: string, personId: string): Promise<Record<string, unknown> | undefined> {
  const row = await db('audience_members')
    .where({ audience_id: audienceId })
    // An array, not `or person_id in (...)`: the primary key finds both rows instead of a scan of the audience.
    .whereRaw('person_id = any(array[?::bigint, (select merged_into from persons where id = ?::bigint)])', [personId, personId])
    .orderByRaw('person_id = ?::bigint desc', [personId])
    .first('variables');
  return row?.variables;
}

interface MemberRecord {
  /** The person the snapshot holds. */
  memberId: string;
  /** Who reaches them now (contact.personId: the member, or the person it was merged into since). */
  contact: Contact;
  /** The variables captured in the snapshot. */
  variables: Record<string, unknown>;
}

/**
 * Up to `limit` members after `after` (a member id), in member order. A member merged into another person
 * since the snapshot stands for the person who holds its identifiers now; when that person is a member too,
 * the merged one is left out so nobody is counted twice.
 */
export async function audienceMemberPage(db: Knex, audienceId: string, after: string, limit: number): Promise<MemberRecord[]> {
  const page = db('audience_members as m')
    .join('persons as p', 'p.id', 'm.person_id')
    .where('m.audience_id', audienceId)
    .where('m.person_id', '>', after)
    .whereNot((merged) => {
      merged.whereNotNull('p.merged_into').whereExists((live) => {
        live.from('audience_members as l').whereRaw('l.audience_id = m.audience_id and l.person_id = p.merged_into');
      });
    })
    .orderBy('m.person_id')
    .limit(limit)
    .select('m.person_id', 'm.variables');
  const rows: (ContactRow & { snapshot: Record<string, unknown> | null })[] = await db
    .with('page', page)
    .from('page')
    .join(contactsQuery(db, db('page').select('person_id')).as('c'), 'c.asked_id', 'page.person_id')
    .orderBy('page.person_id')
    .select('c.*', 'page.variables as snapshot');
  return rows.map((r) => ({ memberId: String(r.asked_id), contact: toContact(r), variables: r.snapshot ?? {} }));
}

/** Every member of the audience, with the variables captured for them. */
export async function snapshotMembers(db: Knex, audienceId: string): Promise<{ personId: string; variables: Record<string, unknown> }[]> {
  const rows = await db('audience_members').where({ audience_id: audienceId }).select('person_id', 'variables');
  return rows.map((r) => ({ personId: String(r.person_id), variables: r.variables }));
}

export async function audienceSize(db: Knex, audienceId: string): Promise<number> {
  const row = await db('audience_members').where('audience_id', audienceId).count<{ count: string }>({ count: '*' }).first();
  return Number(row?.count ?? 0);
}
