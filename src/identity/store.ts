import type { PersonFields } from './fields';
import { identifierKey, type Identifier } from './identifiers';
import type { BatchPlan, KnownGraph } from './plan';
import type { ImportRow } from './row';
import { rows, type Sql } from './connection';
import type { XProfile } from './x-profiles';

/** One lookup of every identifier of a batch, and the fields of the persons holding them. */
export async function lookupKnown(sql: Sql, batch: readonly ImportRow[]): Promise<KnownGraph> {
  const wanted = { x_user_id: new Set<string>(), x_handle: new Set<string>(), email: new Set<string>(), crypto: new Set<string>(), linkedin: new Set<string>() };
  for (const row of batch) for (const id of row.identifiers) wanted[id.kind].add(id.value);
  const crypto = [...wanted.crypto].map(splitCrypto);
  const found = await rows<{ kind: string; profile_id: string | null; person_id: string; x_user_id: string | null; handle: string | null; value: string | null }>(
    sql,
    `select 'x' as kind, id::text as profile_id, person_id::text, x_user_id, handle, null as value
       from x_profiles where x_user_id = any($1::text[]) or handle = any($2::text[])
     union all
     select 'email', null, person_id::text, null, null, address from emails where address = any($3::text[])
     union all
     select 'crypto', null, c.person_id::text, null, null, c.chain || ':' || c.address
       from unnest($4::text[], $5::text[]) as k(chain, address)
       cross join lateral (select * from crypto_addresses c where c.chain = k.chain and c.address = k.address) c
     union all
     select 'linkedin', null, person_id::text, null, null, url from linkedin_profiles where url = any($6::text[])`,
    [[...wanted.x_user_id], [...wanted.x_handle], [...wanted.email], crypto.map((c) => c.chain), crypto.map((c) => c.address), [...wanted.linkedin]],
  );
  const owners = new Map<string, string>();
  const xProfiles: XProfile[] = [];
  const own = (id: Identifier, personId: string) => owners.set(identifierKey(id), personId);
  for (const f of found) {
    if (f.kind === 'x') {
      xProfiles.push({ id: f.profile_id as string, personId: f.person_id, xUserId: f.x_user_id, handle: f.handle });
      if (f.x_user_id !== null) own({ kind: 'x_user_id', value: f.x_user_id }, f.person_id);
      if (f.handle !== null) own({ kind: 'x_handle', value: f.handle }, f.person_id);
    } else own({ kind: f.kind as Identifier['kind'], value: f.value as string }, f.person_id);
  }
  const persons = new Map<string, PersonFields>();
  const ids = [...new Set(owners.values())];
  if (ids.length > 0) {
    const found = await rows<{ id: string; first_name: string | null; last_name: string | null; attributes: Record<string, string>; tags: string[] }>(
      sql,
      'select id::text, first_name, last_name, attributes, tags from persons where id = any($1::bigint[])',
      [ids],
    );
    for (const p of found) persons.set(p.id, { firstName: p.first_name, lastName: p.last_name, attributes: p.attributes, tags: p.tags });
  }
  return { owners, xProfiles, persons };
}

export async function allocatePersonIds(sql: Sql, count: number): Promise<string[]> {
  if (count === 0) return [];
  const found = await rows<{ id: string }>(sql, `select nextval('persons_id_seq'::regclass)::text as id from generate_series(1, $1)`, [count]);
  return found.map((r) => r.id);
}

/** Tags travel as one string each, joined by the unit separator (which parseTags never lets into a tag). */
const TAG_SEPARATOR = '\x1f';
const PERSON_ROWS = `unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[]) as r(id, first_name, last_name, attributes, tags)`;
const PERSON_VALUES = `r.first_name, r.last_name, r.attributes::jsonb, coalesce(string_to_array(nullif(r.tags, ''), chr(31)), '{}')`;

function personColumns(list: BatchPlan['newPersons']): unknown[] {
  return [
    list.map((p) => p.id),
    list.map((p) => p.firstName),
    list.map((p) => p.lastName),
    list.map((p) => JSON.stringify(p.attributes)),
    list.map((p) => p.tags.join(TAG_SEPARATOR)),
  ];
}

/** Applies one batch's writes, set-based: one statement per kind of write. */
export async function applyPlan(sql: Sql, plan: BatchPlan, source: string): Promise<void> {
  if (plan.newPersons.length > 0) {
    await sql.query(
      `insert into persons (id, first_name, last_name, attributes, tags) select r.id, ${PERSON_VALUES} from ${PERSON_ROWS}`,
      personColumns(plan.newPersons),
    );
  }
  if (plan.merges.length > 0) await mergePersons(sql, plan.merges);
  if (plan.updatedPersons.length > 0) {
    await sql.query(
      `update persons p set (first_name, last_name, attributes, tags) = (${PERSON_VALUES}) from ${PERSON_ROWS} where p.id = r.id`,
      personColumns(plan.updatedPersons),
    );
  }
  await insertIdentifiers(sql, plan);
  if (plan.links.length > 0) {
    const links = plan.links;
    await sql.query(
      `insert into identity_links (person_id, kind_a, value_a, kind_b, value_b, source)
       select person_id, kind_a, value_a, kind_b, value_b, $7 || ':' || line
       from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[]) as r(person_id, kind_a, value_a, kind_b, value_b, line)`,
      [links.map((l) => l.personId), links.map((l) => l.kindA), links.map((l) => l.valueA), links.map((l) => l.kindB), links.map((l) => l.valueB), links.map((l) => l.line), source],
    );
  }
}

async function insertIdentifiers(sql: Sql, plan: BatchPlan): Promise<void> {
  const of = (kind: string) => plan.identifiers.filter((i) => i.kind === kind);
  const emails = of('email');
  if (emails.length > 0) {
    await sql.query('insert into emails (person_id, address) select * from unnest($1::bigint[], $2::text[])', [
      emails.map((i) => i.personId),
      emails.map((i) => i.value),
    ]);
  }
  const crypto = of('crypto');
  if (crypto.length > 0) {
    const split = crypto.map((i) => splitCrypto(i.value));
    await sql.query('insert into crypto_addresses (person_id, chain, address) select * from unnest($1::bigint[], $2::text[], $3::text[])', [
      crypto.map((i) => i.personId),
      split.map((c) => c.chain),
      split.map((c) => c.address),
    ]);
  }
  const linkedin = of('linkedin');
  if (linkedin.length > 0) {
    await sql.query('insert into linkedin_profiles (person_id, url) select * from unnest($1::bigint[], $2::text[])', [
      linkedin.map((i) => i.personId),
      linkedin.map((i) => i.value),
    ]);
  }
  const { inserts, fills } = plan.xProfiles;
  if (fills.length > 0) {
    await sql.query(
      `update x_profiles t set x_user_id = r.x_user_id, handle = r.handle
       from unnest($1::bigint[], $2::text[], $3::text[]) as r(id, x_user_id, handle) where t.id = r.id`,
      [fills.map((f) => f.id), fills.map((f) => f.xUserId), fills.map((f) => f.handle)],
    );
  }
  if (inserts.length > 0) {
    await sql.query('insert into x_profiles (person_id, x_user_id, handle) select * from unnest($1::bigint[], $2::text[], $3::text[])', [
      inserts.map((p) => p.personId),
      inserts.map((p) => p.xUserId),
      inserts.map((p) => p.handle),
    ]);
  }
}

/**
 * Identifiers and identity links move to the survivor; the absorbed person stays as a tombstone pointing at it
 * (and so do older tombstones that pointed at the absorbed one). Enrollments, events, audience memberships and
 * sandbox rows keep naming the absorbed id: see docs/audiences.md.
 */
async function mergePersons(sql: Sql, merges: BatchPlan['merges']): Promise<void> {
  const moves = [merges.map((m) => m.absorbed), merges.map((m) => m.survivor)];
  const m = 'unnest($1::bigint[], $2::bigint[]) as m(absorbed, survivor)';
  for (const table of ['x_profiles', 'emails', 'crypto_addresses', 'linkedin_profiles', 'identity_links']) {
    await sql.query(`update ${table} t set person_id = m.survivor from ${m} where t.person_id = m.absorbed`, moves);
  }
  await sql.query(
    `update persons p set merged_into = m.survivor, merged_at = now()
     from ${m} where p.id = m.absorbed or p.merged_into = m.absorbed`,
    moves,
  );
}

function splitCrypto(value: string): { chain: string; address: string } {
  const at = value.indexOf(':');
  return { chain: value.slice(0, at), address: value.slice(at + 1) };
}
