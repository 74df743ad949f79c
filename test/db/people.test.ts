import assert from 'node:assert/strict';
import { getLeadContact } from '../../src/db/people';
import { insertPerson } from '../support/persons';
import { testDb } from '../support/database';
import { unique } from './fixtures';

describe('people', () => {
  it('getLeadContact gathers identifiers and variables, the audience snapshot winning', async () => {
    const db = await testDb();
    const handle = unique('Ada');
    const email = `${unique('ada')}@Example.com`;
    const xUserId = unique('x');
    const personId = await insertPerson(db, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      xUserId,
      xHandle: `@${handle}`,
      email,
      attributes: { company: 'Analytical Engines', title: 'Countess' },
    });
    const [audience] = await db('audiences').insert({ name: unique('audience') }).returning('id');
    await db('audience_members').insert({
      audience_id: audience!.id,
      person_id: personId,
      variables: { company: 'Babbage & Co', seats: 3 },
    });

    const contact = await getLeadContact(db, personId, audience!.id);

    assert.equal(contact.personId, personId);
    assert.equal(contact.xHandle, handle.toLowerCase());
    assert.equal(contact.email, email.toLowerCase());
    assert.deepEqual(contact.variables, {
      first_name: 'Ada',
      last_name: 'Lovelace',
      full_name: 'Ada Lovelace',
      x_handle: handle.toLowerCase(),
      x_user_id: xUserId,
      email: email.toLowerCase(),
      linkedin_url: '',
      crypto_address: '',
      company: 'Babbage & Co',
      title: 'Countess',
      seats: '3',
    });
  });

  it('getLeadContact names a missing person or membership', async () => {
    const db = await testDb();
    await assert.rejects(getLeadContact(db, '999999999'), { message: 'person 999999999 does not exist' });
    const personId = await insertPerson(db, { firstName: 'Solo' });
    await assert.rejects(getLeadContact(db, personId, '999999999'), {
      message: `person ${personId} is not a member of audience 999999999`,
    });
  });
});
