import type { Knex } from 'knex';
import { arrayBinding } from '../db/array-binding';
import { identifiersOfPersons, suppressionsInForce } from '../db/suppressions';
import { identifierKey, type Identifier, type IdentifierKind } from '../identity/identifiers';
import type { PersonRef } from '../identity/resolve-person';
import { resolvePerson } from '../identity/resolve-person';
import { asListed, identifierHash, identifiersInRef } from '../suppression/identifier';
import { personRef } from '../suppression/suppress';

/** Who is to be erased: a person id, or an identifier they hold. */
export type ErasureTarget = { personId: string } | { identifier: Identifier };

/** An id or identifier no person has: told in one line, naming the kind but never the value. */
class UnknownPersonError extends Error {
  override readonly name = 'UnknownPersonError';
}

/** The person an erasure covers, as found before anything is erased. */
export interface ErasureSubject {
  /** The live person (the one asked for, or the one it was merged into); null for an identifier erased before. */
  personId: string | null;
  /** With every person merged into them. */
  personIds: string[];
  /** Every identifier they hold, as the suppression list hashes them. */
  identifiers: Identifier[];
  /** Set when an earlier erasure ran. */
  erasedAt: Date | null;
  /** Their journeys' workflow ids, from the enrollments (which erasure keeps). */
  workflowIds: string[];
}

const KIND_NAMES: Record<IdentifierKind, string> = {
  email: 'email address',
  x_user_id: 'X user id',
  x_handle: 'X handle',
  linkedin: 'LinkedIn URL',
  crypto: 'wallet address',
};

/**
 * The person to erase. An identifier nobody holds because it was erased before (its `erased` suppression says
 * so) gives no person, only the identifier: inbound events from it that arrived since are still erased.
 * Throws UnknownPersonError for an id or identifier no person has.
 */
export async function findSubject(db: Knex, key: Buffer, target: ErasureTarget): Promise<ErasureSubject> {
  let asked: string | null;
  if ('personId' in target) {
    asked = target.personId;
  } else {
    asked = await resolvePerson(db, personRef(target.identifier));
    if (!asked) {
      const held = await suppressionsInForce(db, [identifierHash(key, target.identifier)]);
      if (held.some((s) => s.reason === 'erased')) return { personId: null, personIds: [], identifiers: [target.identifier], erasedAt: null, workflowIds: [] };
      throw new UnknownPersonError(`--identifier: no person holds this ${KIND_NAMES[target.identifier.kind]}`);
    }
  }
  const row: { id: string; merged_into: string | null } | undefined = await db('persons').where({ id: asked }).first('id', 'merged_into');
  if (!row) throw new UnknownPersonError(`person ${asked}: no such person (outreach status and the audience commands show person ids)`);
  const personId = String(row.merged_into ?? row.id);
  const live: { erased_at: Date | null } = await db('persons').where({ id: personId }).first('erased_at');
  const merged: { id: string }[] = await db('persons').where({ merged_into: personId }).orderBy('id').select('id');
  const personIds = [personId, ...merged.map((m) => String(m.id))];
  const held = (await identifiersOfPersons(db, [personId])).get(personId) ?? [];
  const enrollments: { workflow_id: string }[] = await db('enrollments')
    .whereRaw('person_id = any(?::bigint[])', [arrayBinding(personIds)])
    .whereNot('status', 'skipped')
    .orderBy('id')
    .select('workflow_id');
  return { personId, personIds, identifiers: held.map(asListed), erasedAt: live.erased_at, workflowIds: enrollments.map((e) => e.workflow_id) };
}



/** What a LIKE pattern finds a value by: a LinkedIn URL by its last segment, which a provider may write otherwise. */
function needle(id: Identifier): string {
  const text = id.kind === 'linkedin' ? (id.value.replace(/\/+$/, '').split('/').pop() ?? id.value) : id.value;
  let decoded = text;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    // Kept as written.
  }
  return `%${decoded.replace(/[\\%_]/g, '\\$&')}%`;
}

/**
 * The stored inbound events (not blanked yet) that came from the person: delivered to them (person_id), or
 * naming one of their identifiers as sender, however the provider wrote it (an event not yet delivered, or
 * delivered before the identifier was in the graph). A text search narrows the rows; normalising decides.
 */
export async function inboundEventsFrom(db: Knex, subject: Pick<ErasureSubject, 'personIds' | 'identifiers'>): Promise<string[]> {
  const keys = new Set(subject.identifiers.map(identifierKey));
  const patterns = subject.identifiers.map(needle);
  const rows: { id: string; person_id: string | null; from_ref: PersonRef }[] = await db('inbound_events')
    .where((about) => {
      about.whereRaw('person_id = any(?::bigint[])', [arrayBinding(subject.personIds)]);
      if (patterns.length > 0) about.orWhereRaw('from_ref::text ilike any(?::text[])', [arrayBinding(patterns)]);
    })
    .whereRaw("(from_ref <> '{}'::jsonb or raw <> '{}'::jsonb)")
    .select('id', 'person_id', 'from_ref');
  const personIds = new Set(subject.personIds);
  return rows.filter((r) => (r.person_id !== null && personIds.has(String(r.person_id))) || namesOneOf(r.from_ref, keys)).map((r) => String(r.id));
}

function namesOneOf(ref: PersonRef, keys: ReadonlySet<string>): boolean {
  return identifiersInRef(ref).some((id) => keys.has(identifierKey(id)));
}
