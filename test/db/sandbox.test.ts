import assert from 'node:assert/strict';
import { insertPerson } from '../support/persons';
import { getSandboxScript, listSandboxSends, recordSandboxSend, setSandboxScript } from '../../src/db/sandbox';
import { testDb } from '../support/database';
import { unique } from './fixtures';

describe('sandbox', () => {
  it('a retried send returns the first send unchanged', async () => {
    const db = await testDb();
    const personId = await insertPerson(db, { xHandle: unique('lead') });
    const send = { idempotencyKey: unique('send'), channel: 'x' as const, action: 'SEND_TWITTER_DM', personId, body: 'Hi' };

    const first = await recordSandboxSend(db, send);
    const retry = await recordSandboxSend(db, { ...send, body: 'Hi again', providerMessageId: 'other' });

    assert.match(first.providerMessageId, /^sandbox-/);
    assert.deepEqual(retry, first);
    assert.deepEqual(await listSandboxSends(db, personId), [first]);
  });

  it('stores one script per person, replaced on set', async () => {
    const db = await testDb();
    const personId = await insertPerson(db, {});

    assert.equal(await getSandboxScript(db, personId), undefined);
    await setSandboxScript(db, personId, [{ reply: 'after 1 day' }]);
    await setSandboxScript(db, personId, [{ followBack: true }, { reply: 'never' }]);

    assert.deepEqual(await getSandboxScript(db, personId), [{ followBack: true }, { reply: 'never' }]);
  });
});
