import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { audienceId, audienceMembers } from '../../src/client/members';
import type { MemberContact } from '../../src/client/reachability';
import type { PersonIdentifiers } from '../../src/db/contacts';
import { mergePersons } from '../../src/db/graph-writes';
import { getLeadContact } from '../../src/db/people';
import { createAudience } from '../../src/identity/create';
import { testDb } from '../support/database';
import { uniqueEthereumAddress, uniqueName, uniqueXHandle } from '../support/journeys';
import { insertPerson } from '../support/persons';

const SOLANA = '7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV';

async function membersOf(db: Knex, audience: string): Promise<MemberContact[]> {
  const all: MemberContact[] = [];
  for await (const page of audienceMembers(db, await audienceId(db, audience))) all.push(...page);
  return all;
}

/** An audience of exactly the persons given, taken the way `audience create` takes one. */
async function audienceOf(db: Knex, personIds: string[]): Promise<string> {
  const tag = uniqueName('tag').toLowerCase();
  await db('persons').whereIn('id', personIds).update({ tags: [tag] });
  const name = uniqueName('contacts');
  await createAudience(db, { name, from: `tag:"${tag}"` });
  return name;
}

type Picked = PersonIdentifiers & { personId: string };

const picked = (c: Partial<Record<keyof PersonIdentifiers, string | null>> & { personId: string }): Picked => ({
  personId: c.personId,
  xUserId: c.xUserId ?? null,
  xHandle: c.xHandle ?? null,
  email: c.email ?? null,
  linkedinUrl: c.linkedinUrl ?? null,
  cryptoAddress: c.cryptoAddress ?? null,
});

const fromVariables = (personId: string, v: Record<string, unknown>): Picked => ({
  personId,
  xUserId: (v.x_user_id as string) || null,
  xHandle: (v.x_handle as string) || null,
  email: (v.email as string) || null,
  linkedinUrl: (v.linkedin_url as string) || null,
  cryptoAddress: (v.crypto_address as string) || null,
});

describe("a person's identifiers, as enrollment, the activities and snapshots read them", function () {
  this.timeout(60_000);
  let db: Knex;
  let ada: string;
  const u = uniqueName('c').replace(/[^a-z0-9]/gi, '').toLowerCase();
  const ethereum = uniqueEthereumAddress();
  const expected = () => ({
    personId: ada,
    xUserId: `1${u.replace(/\D/g, '')}1`,
    xHandle: null,
    email: `first.${u}@example.com`,
    linkedinUrl: `https://www.linkedin.com/in/first-${u}`,
    cryptoAddress: ethereum,
  });

  before(async () => {
    db = await testDb();
    const { xUserId } = expected();
    // Oldest first: an X account known by id only, then a handle of unknown account, then another account.
    ada = await insertPerson(db, { firstName: 'Ada', xUserId, email: `first.${u}@example.com`, linkedinUrl: `https://www.linkedin.com/in/first-${u}` });
    await db('x_profiles').insert([
      { person_id: ada, handle: `ada_${u}`.slice(0, 15) },
      { person_id: ada, x_user_id: `3${u.replace(/\D/g, '')}3`, handle: uniqueXHandle('oth') },
    ]);
    await db('emails').insert({ person_id: ada, address: `second.${u}@example.com` });
    await db('linkedin_profiles').insert({ person_id: ada, url: `https://www.linkedin.com/in/second-${u}` });
    // A Solana address first, which XMTP cannot use, then an Ethereum one, which it can.
    await db('crypto_addresses').insert([
      { person_id: ada, chain: 'solana', address: `${SOLANA.slice(0, 32)}${u.slice(-8)}` },
      { person_id: ada, chain: 'ethereum', address: ethereum },
    ]);
  });

  it('pick the same X profile, email, LinkedIn URL and crypto address for a person with several of each', async () => {
    const audience = await audienceOf(db, [ada]);
    const [member] = await membersOf(db, audience);
    const contact = await getLeadContact(db, ada, await audienceId(db, audience));
    const [snapshot] = await db('audience_members').where({ audience_id: await audienceId(db, audience) }).select('person_id', 'variables');

    assert.ok(member && snapshot);
    assert.deepEqual(picked(member), expected(), 'enrollment (reachability)');
    assert.deepEqual(picked(contact), expected(), 'the activities (getLeadContact)');
    assert.deepEqual(fromVariables(String(snapshot.person_id), snapshot.variables), expected(), 'the snapshot variables');
    assert.equal(contact.variables.crypto_address, ethereum);
  });

  it('follow a merge the same way: a merged person is reached on the identifiers of the person it was merged into', async () => {
    const bo = await insertPerson(db, { firstName: 'Bo', email: `bo.${u}@example.com`, xHandle: `bo_${u}`.slice(0, 15) });
    const audience = await audienceOf(db, [bo]);
    await db.transaction((trx) => mergePersons(trx, [{ absorbed: bo, survivor: ada }]));

    const [member] = await membersOf(db, audience);
    const contact = await getLeadContact(db, bo, await audienceId(db, audience));

    assert.ok(member);
    assert.deepEqual(picked(member), expected(), 'enrollment (reachability)');
    assert.deepEqual(picked(contact), expected(), 'the activities (getLeadContact)');
    assert.equal(contact.variables.first_name, 'Bo', 'the variables stay those of the snapshot');
  });
});
