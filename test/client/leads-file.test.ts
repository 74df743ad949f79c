import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadLeadsFile, upsertLeads } from '../../src/client/leads-file';
import { insertPerson } from '../../src/db/people';
import { testDb } from '../support/database';
import { uniqueName } from '../support/journeys';

const dir = mkdtempSync(path.join(tmpdir(), 'outreach-leads-'));

function leadsFile(leads: unknown): string {
  const file = path.join(dir, `${uniqueName('leads')}.json`);
  writeFileSync(file, JSON.stringify(leads));
  return file;
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
});
