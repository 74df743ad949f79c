import type { Knex } from 'knex';

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

/** What an activity needs to reach a lead and render a message to them. */
export interface LeadContact {
  /** The person holding the identifiers: the journey's own, or the one it was merged into. */
  personId: string;
  xUserId?: string;
  xHandle?: string;
  email?: string;
  linkedinUrl?: string;
  cryptoAddress?: string;
  /** Standard fields, then person attributes, then the audience snapshot; later ones win. */
  variables: Record<string, string>;
}

export function normalizeXHandle(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

/** Inserts a person and the identifiers given; returns the new person id. */
export async function insertPerson(db: Knex, p: NewPerson): Promise<string> {
  return db.transaction(async (trx) => {
    const [person] = await trx('persons')
      .insert({ first_name: p.firstName ?? null, last_name: p.lastName ?? null, attributes: p.attributes ?? {} })
      .returning('id');
    if (!person) throw new Error('insert into persons returned no row');
    const personId = person.id;
    if (p.xUserId !== undefined || p.xHandle !== undefined) {
      const handle = p.xHandle === undefined ? null : normalizeXHandle(p.xHandle);
      await trx('x_profiles').insert({ person_id: personId, x_user_id: p.xUserId ?? null, handle });
    }
    if (p.email !== undefined) {
      await trx('emails').insert({ person_id: personId, address: p.email.trim().toLowerCase() });
    }
    if (p.linkedinUrl !== undefined) {
      await trx('linkedin_profiles').insert({ person_id: personId, url: p.linkedinUrl.trim() });
    }
    if (p.crypto !== undefined) {
      await trx('crypto_addresses').insert({ person_id: personId, ...p.crypto });
    }
    return personId;
  });
}

/**
 * Throws when the person does not exist, or is not a member of the audience given. A person merged into
 * another since the journey began is reached through the one who holds the identifiers now; membership and
 * snapshot variables count for either.
 */
export async function getLeadContact(db: Knex, personId: string, audienceId?: string): Promise<LeadContact> {
  const asked = await db('persons').where({ id: personId }).first();
  if (!asked) throw new Error(`person ${personId} does not exist`);
  const liveId = asked.merged_into === null ? personId : String(asked.merged_into);
  const first = { person_id: liveId };
  const [person, x, email, linkedin, crypto, member] = await Promise.all([
    liveId === personId ? asked : db('persons').where({ id: liveId }).first(),
    db('x_profiles').where(first).orderBy('id').first(),
    db('emails').where(first).orderBy('id').first(),
    db('linkedin_profiles').where(first).orderBy('id').first(),
    db('crypto_addresses').where(first).orderBy('id').first(),
    audienceId === undefined
      ? undefined
      : db('audience_members')
          .where({ audience_id: audienceId })
          .whereIn('person_id', [personId, liveId])
          .orderByRaw('person_id = ? desc', [personId])
          .first(),
  ]);
  if (!person) throw new Error(`person ${liveId} (into whom ${personId} was merged) does not exist`);
  if (audienceId !== undefined && !member) {
    throw new Error(`person ${personId} is not a member of audience ${audienceId}`);
  }

  const contact = {
    personId: liveId,
    xUserId: x?.x_user_id ?? undefined,
    xHandle: x?.handle ?? undefined,
    email: email?.address,
    linkedinUrl: linkedin?.url,
    cryptoAddress: crypto?.address,
  };
  const standard: Record<string, string> = {
    first_name: person.first_name ?? '',
    last_name: person.last_name ?? '',
    full_name: [person.first_name, person.last_name].filter(Boolean).join(' '),
    x_handle: contact.xHandle ?? '',
    email: contact.email ?? '',
    linkedin_url: contact.linkedinUrl ?? '',
    crypto_address: contact.cryptoAddress ?? '',
  };
  const variables = { ...standard, ...stringValues(person.attributes), ...stringValues(member?.variables ?? {}) };
  return { ...contact, variables };
}

function stringValues(json: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(json)) {
    if (typeof value === 'string') out[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
  }
  return out;
}

/** The person already holding one of these identifiers, if any (X handle or id, email, LinkedIn URL, crypto address). */
export async function findPersonByIdentifier(db: Knex, p: NewPerson): Promise<string | undefined> {
  const lookups = [
    p.xUserId === undefined ? undefined : db('x_profiles').where({ x_user_id: p.xUserId }),
    p.xHandle === undefined ? undefined : db('x_profiles').where({ handle: normalizeXHandle(p.xHandle) }),
    p.email === undefined ? undefined : db('emails').where({ address: p.email.trim().toLowerCase() }),
    p.linkedinUrl === undefined ? undefined : db('linkedin_profiles').where({ url: p.linkedinUrl.trim() }),
    // Unique per chain: without this lookup, a second lead with a known address would fail to insert.
    p.crypto === undefined ? undefined : db('crypto_addresses').where({ chain: p.crypto.chain, address: p.crypto.address }),
  ];
  for (const query of lookups) {
    const row: { person_id: string } | undefined = await query?.first();
    if (row) return String(row.person_id);
  }
  return undefined;
}

/** Of these person ids, those no person has. */
export async function unknownPersonIds(db: Knex, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows: { id: string }[] = await db('persons').whereRaw('id = any(?::bigint[])', [ids]).select('id');
  const known = new Set(rows.map((r) => String(r.id)));
  return ids.filter((id) => !known.has(id));
}
