import type { Knex } from 'knex';
import { arrayBinding as array } from './array-binding';

/** Identifier values to look up, normalised as the graph stores them. */
interface WantedIdentifiers {
  xUserIds: string[];
  handles: string[];
  emails: string[];
  crypto: { chain: string; address: string }[];
  linkedinUrls: string[];
}

/** An identifier the graph holds, with its owner; an X profile comes whole (id and handle). */
type FoundIdentifier =
  | { kind: 'x'; profileId: string; personId: string; xUserId: string | null; handle: string | null }
  | { kind: 'email' | 'crypto' | 'linkedin'; personId: string; value: string };

/** One statement for every identifier of a batch; a crypto value comes back as `chain:address`. */
export async function findIdentifiers(trx: Knex.Transaction, wanted: WantedIdentifiers): Promise<FoundIdentifier[]> {
  const { rows } = await trx.raw<{ rows: { kind: string; profile_id: string | null; person_id: string; x_user_id: string | null; handle: string | null; value: string | null }[] }>(
    `select 'x' as kind, id::text as profile_id, person_id::text, x_user_id, handle, null as value
       from x_profiles where x_user_id = any(?::text[]) or handle = any(?::text[])
     union all
     select 'email', null, person_id::text, null, null, address from emails where address = any(?::text[])
     union all
     select 'crypto', null, c.person_id::text, null, null, c.chain || ':' || c.address
       from unnest(?::text[], ?::text[]) as k(chain, address)
       cross join lateral (select * from crypto_addresses c where c.chain = k.chain and c.address = k.address) c
     union all
     select 'linkedin', null, person_id::text, null, null, url from linkedin_profiles where url = any(?::text[])`,
    [
      array(wanted.xUserIds),
      array(wanted.handles),
      array(wanted.emails),
      array(wanted.crypto.map((c) => c.chain)),
      array(wanted.crypto.map((c) => c.address)),
      array(wanted.linkedinUrls),
    ],
  );
  return rows.map((r) =>
    r.kind === 'x'
      ? { kind: 'x', profileId: r.profile_id as string, personId: r.person_id, xUserId: r.x_user_id, handle: r.handle }
      : { kind: r.kind as 'email' | 'crypto' | 'linkedin', personId: r.person_id, value: r.value as string },
  );
}

interface StoredPersonFields {
  id: string;
  firstName: string | null;
  lastName: string | null;
  attributes: Record<string, string>;
  tags: string[];
}

export async function personFields(trx: Knex.Transaction, ids: readonly string[]): Promise<StoredPersonFields[]> {
  if (ids.length === 0) return [];
  const rows = await trx('persons').whereRaw('id = any(?::bigint[])', [array(ids)]).select('id', 'first_name', 'last_name', 'attributes', 'tags');
  return rows.map((p) => ({ id: String(p.id), firstName: p.first_name, lastName: p.last_name, attributes: p.attributes, tags: p.tags }));
}
