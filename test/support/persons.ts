import type { Knex } from 'knex';

/** A person's rows as a test wants them, identifiers included. */
export interface NewPerson {
  firstName?: string;
  lastName?: string;
  xUserId?: string;
  /** Stored lower-case, without a leading `@`. */
  xHandle?: string;
  /** Stored lower-case. */
  email?: string;
  linkedinUrl?: string;
  crypto?: { chain: string; address: string };
  attributes?: Record<string, string>;
}

/**
 * Inserts a new person with these identifiers, trimmed and in the case the schema requires, otherwise as written: a fixture
 * that can hold what the graph's writer (src/identity/write.ts) would refuse or merge, such as a handle X does
 * not allow or a chain alias, so that tests can show what the channels do with it. Returns the person id.
 */
export async function insertPerson(db: Knex, p: NewPerson): Promise<string> {
  return db.transaction(async (trx) => {
    const [person] = await trx('persons')
      .insert({ first_name: p.firstName ?? null, last_name: p.lastName ?? null, attributes: p.attributes ?? {} })
      .returning('id');
    if (!person) throw new Error('insert into persons returned no row');
    const personId = person.id;
    if (p.xUserId !== undefined || p.xHandle !== undefined) {
      const handle = p.xHandle === undefined ? null : p.xHandle.trim().replace(/^@/, '').toLowerCase();
      await trx('x_profiles').insert({ person_id: personId, x_user_id: p.xUserId ?? null, handle });
    }
    if (p.email !== undefined) await trx('emails').insert({ person_id: personId, address: p.email.trim().toLowerCase() });
    if (p.linkedinUrl !== undefined) await trx('linkedin_profiles').insert({ person_id: personId, url: p.linkedinUrl.trim() });
    if (p.crypto !== undefined) await trx('crypto_addresses').insert({ person_id: personId, ...p.crypto });
    return personId;
  });
}
