import type { Knex } from 'knex';
import { identifiersOfPersons, suppressionsInForce, type Suppression } from '../db/suppressions';
import type { Channel } from '../sequences/model';
import { asListed, identifierHash } from './identifier';

/** Each person's identifiers as the list hashes them (a stored value the rules no longer take is hashed as stored). */
async function personHashes(db: Knex, key: Buffer, personIds: readonly string[]): Promise<Map<string, string[]>> {
  const identifiers = await identifiersOfPersons(db, personIds);
  const hashes = new Map<string, string[]>();
  for (const [personId, ids] of identifiers) {
    hashes.set(
      personId,
      ids.map((id) => identifierHash(key, asListed(id))),
    );
  }
  return hashes;
}

export interface SendTarget {
  channel?: Channel;
  senderAccountId?: string;
}

/**
 * The suppression in force that keeps this person from a send on the target, through any identifier they
 * hold now (so one linked after the suppression is covered too); undefined when none does.
 */
export async function suppressionOf(db: Knex, key: Buffer, personId: string, target: SendTarget = {}): Promise<Suppression | undefined> {
  const hashes = (await personHashes(db, key, [personId])).get(personId) ?? [];
  return (await suppressionsInForce(db, hashes, target))[0];
}

/** Of these persons, the suppressed ones (global, or for the target), each with the suppression that holds them. */
export async function suppressedAmong(db: Knex, key: Buffer, personIds: readonly string[], target: SendTarget = {}): Promise<Map<string, Suppression>> {
  const hashes = await personHashes(db, key, personIds);
  const byHash = new Map<string, Suppression>();
  for (const s of await suppressionsInForce(db, [...new Set([...hashes.values()].flat())], target)) {
    if (!byHash.has(s.identifierHash)) byHash.set(s.identifierHash, s);
  }
  const suppressed = new Map<string, Suppression>();
  for (const [personId, own] of hashes) {
    const hit = own.map((h) => byHash.get(h)).find((s) => s !== undefined);
    if (hit) suppressed.set(personId, hit);
  }
  return suppressed;
}
