import type { Knex } from 'knex';
import { arrayBinding as array } from './array-binding';

/**
 * The identity graph's writes, set-based: one statement per kind of write, each list bound as arrays and
 * unnested, whatever the batch's size. Only src/identity/write.ts calls these, inside its transaction.
 */

/** A person's own row: names, attributes and tags (identifiers live in their tables). */
interface PersonWrite {
  id: string;
  firstName: string | null;
  lastName: string | null;
  attributes: Record<string, string>;
  tags: string[];
}

export async function allocatePersonIds(trx: Knex.Transaction, count: number): Promise<string[]> {
  if (count === 0) return [];
  const { rows } = await trx.raw<{ rows: { id: string }[] }>(`select nextval('persons_id_seq'::regclass)::text as id from generate_series(1, ?::int)`, [count]);
  return rows.map((r) => r.id);
}

/** Tags travel as one string each, joined by the unit separator (which parseTags never lets into a tag). */
const TAG_SEPARATOR = '\x1f';
const PERSON_ROWS = 'unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[]) as r(id, first_name, last_name, attributes, tags)';
const PERSON_VALUES = `r.first_name, r.last_name, r.attributes::jsonb, coalesce(string_to_array(nullif(r.tags, ''), chr(31)), '{}')`;

function personColumns(list: readonly PersonWrite[]): Knex.Value[] {
  return [
    array(list.map((p) => p.id)),
    array(list.map((p) => p.firstName)),
    array(list.map((p) => p.lastName)),
    array(list.map((p) => JSON.stringify(p.attributes))),
    array(list.map((p) => p.tags.join(TAG_SEPARATOR))),
  ];
}

export async function insertPersons(trx: Knex.Transaction, persons: readonly PersonWrite[]): Promise<void> {
  if (persons.length === 0) return;
  await trx.raw(`insert into persons (id, first_name, last_name, attributes, tags) select r.id, ${PERSON_VALUES} from ${PERSON_ROWS}`, personColumns(persons));
}

export async function updatePersons(trx: Knex.Transaction, persons: readonly PersonWrite[]): Promise<void> {
  if (persons.length === 0) return;
  await trx.raw(
    `update persons p set (first_name, last_name, attributes, tags) = (${PERSON_VALUES}) from ${PERSON_ROWS} where p.id = r.id`,
    personColumns(persons),
  );
}

/**
 * Identifiers and identity links move to the survivor; the absorbed person stays as a tombstone pointing at it
 * (and so do older tombstones that pointed at the absorbed one). Enrollments, events, audience memberships and
 * sandbox rows keep naming the absorbed id: see docs/audiences.md.
 */
export async function mergePersons(trx: Knex.Transaction, merges: readonly { absorbed: string; survivor: string }[]): Promise<void> {
  if (merges.length === 0) return;
  const moves = [array(merges.map((m) => m.absorbed)), array(merges.map((m) => m.survivor))];
  const m = 'unnest(?::bigint[], ?::bigint[]) as m(absorbed, survivor)';
  for (const table of ['x_profiles', 'emails', 'crypto_addresses', 'linkedin_profiles', 'identity_links']) {
    await trx.raw(`update ${table} t set person_id = m.survivor from ${m} where t.person_id = m.absorbed`, moves);
  }
  await trx.raw(`update persons p set merged_into = m.survivor, merged_at = now() from ${m} where p.id = m.absorbed or p.merged_into = m.absorbed`, moves);
}

export async function insertEmails(trx: Knex.Transaction, rows: readonly { personId: string; address: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await trx.raw('insert into emails (person_id, address) select * from unnest(?::bigint[], ?::text[])', [
    array(rows.map((r) => r.personId)),
    array(rows.map((r) => r.address)),
  ]);
}

export async function insertCryptoAddresses(trx: Knex.Transaction, rows: readonly { personId: string; chain: string; address: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await trx.raw('insert into crypto_addresses (person_id, chain, address) select * from unnest(?::bigint[], ?::text[], ?::text[])', [
    array(rows.map((r) => r.personId)),
    array(rows.map((r) => r.chain)),
    array(rows.map((r) => r.address)),
  ]);
}

export async function insertLinkedinProfiles(trx: Knex.Transaction, rows: readonly { personId: string; url: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await trx.raw('insert into linkedin_profiles (person_id, url) select * from unnest(?::bigint[], ?::text[])', [
    array(rows.map((r) => r.personId)),
    array(rows.map((r) => r.url)),
  ]);
}

export async function insertXProfiles(trx: Knex.Transaction, rows: readonly { personId: string; xUserId: string | null; handle: string | null }[]): Promise<void> {
  if (rows.length === 0) return;
  await trx.raw('insert into x_profiles (person_id, x_user_id, handle) select * from unnest(?::bigint[], ?::text[], ?::text[])', [
    array(rows.map((r) => r.personId)),
    array(rows.map((r) => r.xUserId)),
    array(rows.map((r) => r.handle)),
  ]);
}

/** Existing profiles that gain the id or handle they lacked. */
export async function fillXProfiles(trx: Knex.Transaction, rows: readonly { id: string; xUserId: string | null; handle: string | null }[]): Promise<void> {
  if (rows.length === 0) return;
  await trx.raw(
    `update x_profiles t set x_user_id = r.x_user_id, handle = r.handle
     from unnest(?::bigint[], ?::text[], ?::text[]) as r(id, x_user_id, handle) where t.id = r.id`,
    [array(rows.map((r) => r.id)), array(rows.map((r) => r.xUserId)), array(rows.map((r) => r.handle))],
  );
}

/** Why two identifiers are one person: `source` names the input, each link its line (`csv:people.csv:12`). */
export async function insertIdentityLinks(
  trx: Knex.Transaction,
  links: readonly { personId: string; kindA: string; valueA: string; kindB: string; valueB: string; line: number }[],
  source: string,
): Promise<void> {
  if (links.length === 0) return;
  await trx.raw(
    `insert into identity_links (person_id, kind_a, value_a, kind_b, value_b, source)
     select person_id, kind_a, value_a, kind_b, value_b, ? || ':' || line
     from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[]) as r(person_id, kind_a, value_a, kind_b, value_b, line)`,
    [
      source,
      array(links.map((l) => l.personId)),
      array(links.map((l) => l.kindA)),
      array(links.map((l) => l.valueA)),
      array(links.map((l) => l.kindB)),
      array(links.map((l) => l.valueB)),
      array(links.map((l) => l.line)),
    ],
  );
}
