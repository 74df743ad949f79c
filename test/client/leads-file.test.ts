import assert from 'node:assert/strict';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { loadLeadsFile, MAX_LEADS, MAX_LEADS_FILE_BYTES, upsertLeads } from '../../src/client/leads-file';
import { importAudience } from '../../src/identity/import';
import { isolatedDb, testDb } from '../support/database';
import { uniqueEthereumAddress, uniqueName } from '../support/journeys';
import { insertPerson } from '../support/persons';
import { tableFingerprints } from '../support/tables';

const dir = mkdtempSync(path.join(tmpdir(), 'outreach-leads-'));

function leadsFile(leads: unknown): string {
  return textFile(JSON.stringify(leads));
}

function csvFile(rows: string[]): string {
  const file = path.join(dir, `${uniqueName('people')}.csv`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

/**
 * Ada (by email) and Bo (by X handle), imported apart, then what the graph holds once `join` has written one
 * record naming both; values are replaced by their roles, so that two graphs built the same way compare equal.
 */
async function joined(db: Knex, join: (ada: { email: string; handle: string }) => Promise<void>) {
  const u = uniqueName('j').replace(/[^a-z0-9]/gi, '').toLowerCase();
  const who = { email: `ada.${u}@example.com`, handle: `bo_${u}`.slice(0, 15) };
  await importAudience(db, { audience: `ada-${u}`, file: csvFile(['email,first_name,company', `${who.email},Ada,Engines`]) });
  await importAudience(db, { audience: `bo-${u}`, file: csvFile(['x_handle,first_name,city', `${who.handle},Bo,London`]) });
  const ada = String((await db('emails').where({ address: who.email }).first('person_id'))?.person_id);
  const bo = String((await db('x_profiles').where({ handle: who.handle }).first('person_id'))?.person_id);
  await join(who);
  const role = (id: unknown) => (String(id) === ada ? 'ada' : String(id) === bo ? 'bo' : String(id));
  const persons = await db('persons').whereIn('id', [ada, bo]).orderBy('id').select('id', 'first_name', 'attributes', 'merged_into');
  const links = await db('identity_links').whereIn('person_id', [ada, bo]).select('person_id', 'kind_a', 'kind_b');
  return {
    persons: persons.map((p) => ({ id: role(p.id), firstName: p.first_name, attributes: p.attributes, mergedInto: p.merged_into && role(p.merged_into) })),
    emails: (await db('emails').whereIn('person_id', [ada, bo]).select('person_id')).map((e) => role(e.person_id)),
    xProfiles: (await db('x_profiles').whereIn('person_id', [ada, bo]).select('person_id')).map((x) => role(x.person_id)),
    links: links.map((l) => [role(l.person_id), l.kind_a, l.kind_b]),
    ada,
  };
}

function textFile(text: string): string {
  const file = path.join(dir, `${uniqueName('leads')}.json`);
  writeFileSync(file, text);
  return file;
}

/** The message of loadLeadsFile's refusal, with the file's path replaced by FILE. */
function refusal(file: string): string {
  try {
    loadLeadsFile(file);
  } catch (error) {
    return (error as Error).message.split(file).join('FILE');
  }
  return assert.fail('the leads file was accepted');
}

describe('the leads file of journeys:start', () => {
  it('normalises identifiers as the CSV importer does', () => {
    const [lead] = loadLeadsFile(leadsFile([{
      x_handle: 'https://x.com/Ada_Example',
      email: ' Ada@Example.COM ',
      linkedin_url: 'https://uk.linkedin.com/in/Ada-Lovelace/?trk=x',
      crypto: { chain: 'ETH', address: '0xABCDEF0000000000000000000000000000000001' },
    }]));
    assert.deepEqual(
      [lead?.x_handle, lead?.email, lead?.linkedin_url, lead?.crypto],
      ['ada_example', 'ada@example.com', 'https://www.linkedin.com/in/ada-lovelace', { chain: 'ethereum', address: '0xabcdef0000000000000000000000000000000001' }],
    );
  });

  it('names the lead and field of every bad value', () => {
    const file = leadsFile([{ email: 'ok@example.com' }, { email: 'not-an-email', x_handle: 'way_too_long_for_x_handles' }, { crypto: { chain: 'ethereum', address: '0x12' } }]);
    assert.throws(() => loadLeadsFile(file), (error: Error) => {
      assert.match(error.message, /lead 1\.email: invalid email "not-an-email"/);
      assert.match(error.message, /lead 1\.x_handle: invalid X handle/);
      assert.match(error.message, /lead 2\.crypto: invalid ethereum address "0x12"/);
      return true;
    });
  });

  it('finds a person the graph already has under another spelling of the same email', async () => {
    const db = await testDb();
    const address = `${uniqueName('grace')}@example.com`;
    const existing = await insertPerson(db, { firstName: 'Grace', email: address });
    const [found] = await upsertLeads(db, loadLeadsFile(leadsFile([{ email: address.toUpperCase() }])));
    assert.equal(found, existing);
  });

  it('names the line and column of a JSON syntax error, a trailing comma where it is', () => {
    assert.equal(refusal(textFile('[\n  {"email": "a@example.com"},\n  {"email": "b@example.com",}\n]\n')), 'FILE:3:28: a trailing comma (JSON allows none before "]" or "}")');
    assert.equal(refusal(textFile('[\n  {"email": "a@example.com"},\n]')), 'FILE:2:29: a trailing comma (JSON allows none before "]" or "}")');
    assert.equal(refusal(textFile('[{"email": "a@example.com"}\n {"email": "b@example.com"}]')), 'FILE:2:2: expected a comma');
    assert.equal(refusal(textFile('[{"email": "a@example.com"} // who\n]')), 'FILE:1:29: comments are not JSON');
    assert.equal(refusal(textFile('[{"email": "a@example.com", "email": "b@example.com"}]')), 'FILE:1:29: "email" appears twice in one object');
    assert.equal(refusal(textFile('[{"email": "a@example.com", "__proto__": {"x_handle": "ada"}}]')), 'FILE:1:29: a key named "__proto__" is not allowed');
    assert.equal(refusal(textFile('{"email": "a@example.com"}')), 'FILE:1:1: expected a JSON array of leads');
    assert.equal(refusal(textFile('[]')), 'FILE: an empty array; a leads file names at least one lead');
    assert.equal(refusal(textFile('')), 'FILE:1:1: expected a value');
    assert.equal(refusal(textFile(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)), 'FILE:1:9: nests deeper than 8 levels, the limit for this file');
  });

  it('reads through a size bound and refuses more leads than the limit', () => {
    const big = textFile('');
    truncateSync(big, MAX_LEADS_FILE_BYTES + 1);
    assert.equal(refusal(big), 'FILE: is 10,485,761 bytes, over the limit of 10,485,760 bytes for a leads file');
    assert.equal(refusal('/dev/zero'), 'FILE: not a regular file (a character device); a leads file must be one');
    const many = leadsFile(Array.from({ length: MAX_LEADS + 1 }, (_, i) => ({ email: `lead${i}@example.com` })));
    assert.equal(
      refusal(many),
      'FILE: 10001 leads, over the limit of 10000 (or 10 MiB) for a leads file; import more with `outreach audience import` and start them with `outreach enroll`',
    );
  });

  it('refuses text Postgres cannot store and values over their bounds, naming the lead, field, line and column', () => {
    const attributes = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`a${i}`, 'v']));
    const file = textFile(`[
  {"email": "a@example.com", "first_name": "Ada\\u0000"},
  {"email": "b@example.com", "attributes": {"company": "half \\ud83d emoji"}},
  {"email": "c@example.com", "last_name": "${'n'.repeat(201)}"},
  {"email": "d@example.com", "attributes": ${JSON.stringify(attributes)}},
  {"email": "e@example.com", "attributes": {"${'k'.repeat(65)}": "v"}},
  {"x_handle": "${'h'.repeat(2001)}"},
  {"email": "f@example.com", "sandbox": {"failures": {"SEND_EMAIL": {"permanent": "gone\\u0000"}}}}
]`);
    assert.equal(refusal(file), [
      'FILE:2:30: lead 0.first_name: contains a NUL character (\\u0000), which Postgres cannot store',
      'FILE:3:45: lead 1.attributes.company: contains a lone UTF-16 surrogate (half of an emoji?), which is not text',
      'FILE:4:30: lead 2.last_name: at most 200 characters',
      'FILE:5:30: lead 3.attributes: more than 100 attributes, the limit per lead',
      'FILE:6:45: lead 4.attributes.kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…: attribute names have at most 64 characters',
      'FILE:7:4: lead 5.x_handle: is 2,001 characters, over the limit of 2,000',
      'FILE:8:70: lead 6.sandbox.failures.SEND_EMAIL.permanent: contains a NUL character (\\u0000), which Postgres cannot store',
    ].join('\n'));
  });

  it('finds a person by a crypto address already in the graph, or written earlier in the same file', async () => {
    const db = await testDb();
    const address = uniqueEthereumAddress();
    const existing = await insertPerson(db, { firstName: 'Vitalik', crypto: { chain: 'ethereum', address } });
    const fresh = uniqueEthereumAddress();
    const ids = await upsertLeads(db, loadLeadsFile(leadsFile([
      { crypto: { address } },
      { crypto: { chain: 'eth', address: fresh } },
      { first_name: 'Again', crypto: { address: fresh.toUpperCase().replace('0X', '0x') } },
    ])));
    assert.equal(ids[0], existing);
    assert.equal(ids[1], ids[2]);
  });

  it('merges the persons a lead names identifiers of, as the CSV import does', async () => {
    const db = await testDb();
    let returned: string[] = [];
    const byLeads = await joined(db, async ({ email, handle }) => {
      returned = await upsertLeads(db, loadLeadsFile(leadsFile([{ email, x_handle: `@${handle.toUpperCase()}` }])));
    });
    const byCsv = await joined(db, async ({ email, handle }) => {
      await importAudience(db, { audience: uniqueName('join'), file: csvFile(['email,x_handle', `${email},@${handle.toUpperCase()}`]) });
    });

    assert.deepEqual(returned, [byLeads.ada], 'the lead is the older person, Ada');
    assert.deepEqual({ ...byLeads, ada: '' }, { ...byCsv, ada: '' });
    assert.deepEqual(byLeads.persons.map((p) => p.mergedInto), [null, 'ada'], 'Bo is merged into Ada');
    assert.deepEqual(byLeads.links, [['ada', 'x_handle', 'email']], 'the link that merged them is kept');
    const [link] = await db('identity_links').where({ person_id: byLeads.ada }).select('source');
    assert.equal(link?.source, 'leads:0');
  });

  it('keeps the new identifiers and fields a lead brings to a person the graph already has', async () => {
    const db = await testDb();
    const address = `${uniqueName('kay')}@example.com`;
    const existing = await insertPerson(db, { firstName: 'Kay', email: address });
    const linkedin = `https://www.linkedin.com/in/${uniqueName('kay')}`;
    const [found] = await upsertLeads(db, loadLeadsFile(leadsFile([{ email: address, last_name: 'Lovelace', linkedin_url: linkedin, attributes: { company: 'Engines', blank: ' ' } }])));

    assert.equal(found, existing);
    assert.deepEqual(await db('linkedin_profiles').where({ person_id: existing }).pluck('url'), [linkedin]);
    const person = await db('persons').where({ id: existing }).first('first_name', 'last_name', 'attributes');
    assert.deepEqual(person, { first_name: 'Kay', last_name: 'Lovelace', attributes: { company: 'Engines' } });
  });

  it('writes the leads in one transaction: a lead the database refuses leaves no other written', async () => {
    const db = await isolatedDb();
    await db.raw("alter table emails add constraint refuse_for_test check (address <> 'refused@example.com')");
    const leads = loadLeadsFile(leadsFile([{ first_name: 'Fine', email: 'fine@example.com', sandbox: { repliesAfter: '1h' } }, { email: 'refused@example.com' }]));
    const before = await tableFingerprints(db);
    await assert.rejects(upsertLeads(db, leads), /refuse_for_test/);
    assert.deepEqual(await tableFingerprints(db), before);
  });
});

