import type { Knex } from 'knex';
import { EVM_ADDRESS } from '../identity/normalize';
import { arrayBinding } from './array-binding';

/** A person's identifiers, one of each kind as contactsQuery picks them; null for a kind they have none of. */
export interface PersonIdentifiers {
  xUserId: string | null;
  xHandle: string | null;
  email: string | null;
  linkedinUrl: string | null;
  cryptoAddress: string | null;
}

/** What the graph holds to reach a person and to fill their templates. */
export interface Contact extends PersonIdentifiers {
  /** The person asked for. */
  askedId: string;
  /** The person holding the identifiers: the one asked for, or the one it was merged into. */
  personId: string;
  /** The standard fields (blank ones as '', so Liquid's `default` applies), then the person's attributes. */
  variables: Record<string, unknown>;
}

/** A list of person ids as a query selecting them, bound as one array. */
function personIdList(db: Knex, ids: readonly string[]): Knex.QueryBuilder {
  return db.select(db.raw('unnest(?::bigint[])', [arrayBinding(ids)]));
}

/**
 * The one definition of a person's identifiers, used by enrollment (reachability), by the activities
 * (getLeadContact) and by audience snapshots, so that all three reach a person on the same ones:
 * - a merged person is read as the person it was merged into (one hop: `merged_into` always names a live person);
 * - X: the oldest profile, its user id and handle together. Both name one account, so the account a journey
 *   follows is the one it messages and the handle its templates print; and a new profile (a rename, a second
 *   account) never changes the pick, nor does resolving a handle, which writes the id into that same profile;
 * - email and LinkedIn: the oldest;
 * - crypto: the oldest address XMTP can use (EVM_ADDRESS), else the oldest of any chain (which XMTP refuses,
 *   saying what the person has).
 * `asked` selects one column of person ids: a few (a journey's lead, a page of members), whose hop a CTE plans
 * once. Rows (ContactRow): asked_id, person_id, x_user_id, x_handle, email, linkedin_url, crypto_address, variables.
 */
export function contactsQuery(db: Knex, asked: Knex.QueryBuilder): Knex.QueryBuilder {
  const hop = db('persons').whereIn('id', asked).select('id as asked_id', db.raw('coalesce(merged_into, id) as person_id'));
  const query = db.with('asked', hop).from('asked as a').join('persons as p', 'p.id', 'a.person_id');
  return withIdentifiers(db, query, db('asked').select('person_id')).select('a.asked_id');
}

/**
 * contactsQuery for persons known to be live (an audience's selection, up to millions): the same rows, without
 * the hop, which would cost two more joins for nothing, and without a CTE, whose size the planner would guess
 * (and then pick nested loops for a million people).
 */
export function liveContactsQuery(db: Knex, live: Knex.QueryBuilder): Knex.QueryBuilder {
  return withIdentifiers(db, db('persons as p').whereIn('p.id', live.clone()), live).select('p.id as asked_id');
}

/**
 * Adds the picks to a query over live persons `p` whose ids `live` selects. Joins to DISTINCT ON subqueries,
 * not `order by id limit 1` per person: with a limit, Postgres may walk an identifier table's primary key
 * hoping to meet the person early, a scan of the table per person.
 */
function withIdentifiers(db: Knex, query: Knex.QueryBuilder, live: Knex.QueryBuilder): Knex.QueryBuilder {
  const first = (table: string, columns: string[], order = 'person_id, id', bindings: Knex.Value[] = []) =>
    db(table).distinctOn('person_id').select('person_id', ...columns).whereIn('person_id', live.clone()).orderByRaw(order, bindings);
  return query
    .leftJoin(first('x_profiles', ['x_user_id', 'handle']).as('x'), 'x.person_id', 'p.id')
    .leftJoin(first('emails', ['address']).as('e'), 'e.person_id', 'p.id')
    .leftJoin(first('linkedin_profiles', ['url']).as('l'), 'l.person_id', 'p.id')
    .leftJoin(first('crypto_addresses', ['address'], 'person_id, (address ~ ?) desc, id', [EVM_ADDRESS.source]).as('c'), 'c.person_id', 'p.id')
    .select(
      'p.id as person_id',
      'x.x_user_id',
      'x.handle as x_handle',
      'e.address as email',
      'l.url as linkedin_url',
      'c.address as crypto_address',
      db.raw(`jsonb_build_object(
          'first_name', coalesce(p.first_name, ''),
          'last_name', coalesce(p.last_name, ''),
          'full_name', concat_ws(' ', nullif(p.first_name, ''), nullif(p.last_name, '')),
          'x_handle', coalesce(x.handle, ''),
          'x_user_id', coalesce(x.x_user_id, ''),
          'email', coalesce(e.address, ''),
          'linkedin_url', coalesce(l.url, ''),
          'crypto_address', coalesce(c.address, '')
        ) || p.attributes as variables`),
    );
}

export interface ContactRow {
  asked_id: string;
  person_id: string;
  x_user_id: string | null;
  x_handle: string | null;
  email: string | null;
  linkedin_url: string | null;
  crypto_address: string | null;
  variables: Record<string, unknown>;
}

export function toContact(row: ContactRow): Contact {
  return {
    askedId: String(row.asked_id),
    personId: String(row.person_id),
    xUserId: row.x_user_id,
    xHandle: row.x_handle,
    email: row.email,
    linkedinUrl: row.linkedin_url,
    cryptoAddress: row.crypto_address,
    variables: row.variables,
  };
}

/** Contacts by the id asked for; a person that does not exist is missing from the map. */
export async function contactsOf(db: Knex, personIds: readonly string[]): Promise<Map<string, Contact>> {
  if (personIds.length === 0) return new Map();
  const rows: ContactRow[] = await contactsQuery(db, personIdList(db, personIds));
  return new Map(rows.map((r) => [String(r.asked_id), toContact(r)]));
}
