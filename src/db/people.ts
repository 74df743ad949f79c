import type { Knex } from 'knex';
import { arrayBinding } from './array-binding';
import { memberVariables } from './audience-members';
import { contactsOf } from './contacts';

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

/**
 * Throws when the person does not exist, or is not a member of the audience given. A person merged into
 * another since the journey began is reached through the one who holds the identifiers now (./contacts.ts,
 * the identifiers enrollment checked); membership and snapshot variables count for either.
 */
export async function getLeadContact(db: Knex, personId: string, audienceId?: string): Promise<LeadContact> {
  const [contacts, snapshot] = await Promise.all([
    contactsOf(db, [personId]),
    audienceId === undefined ? undefined : memberVariables(db, audienceId, personId),
  ]);
  const contact = contacts.get(personId);
  if (!contact) throw new Error(`person ${personId} does not exist`);
  if (audienceId !== undefined && !snapshot) throw new Error(`person ${personId} is not a member of audience ${audienceId}`);
  return {
    personId: contact.personId,
    ...(contact.xUserId === null ? {} : { xUserId: contact.xUserId }),
    ...(contact.xHandle === null ? {} : { xHandle: contact.xHandle }),
    ...(contact.email === null ? {} : { email: contact.email }),
    ...(contact.linkedinUrl === null ? {} : { linkedinUrl: contact.linkedinUrl }),
    ...(contact.cryptoAddress === null ? {} : { cryptoAddress: contact.cryptoAddress }),
    variables: { ...stringValues(contact.variables), ...stringValues(snapshot ?? {}) },
  };
}

function stringValues(json: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(json)) {
    if (typeof value === 'string') out[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
  }
  return out;
}

/** Of these person ids, those a person has. */
export async function existingPersonIds(db: Knex, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  // One array parameter, not one per id: an audience can exceed Postgres' 65,535 bind parameters.
  const rows: { id: string }[] = await db('persons').whereRaw('id = any(?::bigint[])', [arrayBinding(ids)]).select('id');
  return new Set(rows.map((r) => String(r.id)));
}

/** Of these person ids, those no person has. */
export async function unknownPersonIds(db: Knex, ids: string[]): Promise<string[]> {
  const known = await existingPersonIds(db, ids);
  return ids.filter((id) => !known.has(id));
}
