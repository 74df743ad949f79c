import assert from 'node:assert/strict';
import { appendEvent } from '../../src/db/events';
import { countSends, findActiveSender, getSenderAccount, upsertSenderAccount } from '../../src/db/senderAccounts';
import { isolatedDb, testDb } from '../support/database';
import { insertPerson } from '../support/persons';
import { journeyFixture, unique } from './fixtures';

describe('sender accounts', () => {
  it('upsert keeps one account per channel and handle, and keeps its status unless given', async () => {
    const db = await testDb();
    const handle = unique('Sender');
    const account = { channel: 'email' as const, provider: 'smtp', handle, hourlyCap: 10, dailyCap: 50 };

    const id = await upsertSenderAccount(db, { ...account, credentialsRef: { password: 'env:SMTP_PASSWORD' } });
    await upsertSenderAccount(db, { ...account, status: 'paused', statusReason: 'bounces' });
    const again = await upsertSenderAccount(db, { ...account, handle: handle.toUpperCase(), dailyCap: 40 });

    assert.equal(again, id);
    const stored = await getSenderAccount(db, id);
    assert.equal(stored?.handle, handle.toLowerCase());
    assert.equal(stored?.status, 'paused');
    assert.equal(stored?.dailyCap, 40);
    assert.deepEqual(stored?.credentialsRef, { password: 'env:SMTP_PASSWORD' });
  });

  it('findActiveSender picks the active account with the fewest people assigned, the oldest on a tie', async () => {
    const db = await isolatedDb();
    const make = (status: 'active' | 'paused') =>
      upsertSenderAccount(db, { channel: 'xmtp', provider: 'sandbox', handle: unique('acct'), hourlyCap: 5, dailyCap: 20, status });
    const [busy, quiet, paused] = [await make('active'), await make('active'), await make('paused')];
    assert.equal((await findActiveSender(db, 'xmtp'))?.id, busy, 'a tie goes to the oldest');

    const assignTo = async (senderAccountId: string) => {
      const personId = await insertPerson(db, { firstName: 'Ada' });
      await db('sender_assignments').insert({ person_id: personId, channel: 'xmtp', sender_account_id: senderAccountId });
    };
    await assignTo(busy);
    await assignTo(busy);
    await assignTo(quiet);
    await assignTo(paused);
    assert.equal((await findActiveSender(db, 'xmtp'))?.id, quiet);
    assert.equal(await findActiveSender(db, 'email'), undefined);
  });

  it('counts sends (action_sent) since a time', async () => {
    const db = await testDb();
    const now = new Date();
    const account = await upsertSenderAccount(db, { channel: 'xmtp', provider: 'sandbox', handle: unique('acct'), hourlyCap: 5, dailyCap: 20 });
    const { versionId, personId, workflowId } = await journeyFixture(db);
    for (const hoursAgo of [3, 30, 40]) {
      await appendEvent(db, {
        eventKey: unique('send'),
        workflowId,
        sequenceVersionId: versionId,
        personId,
        type: 'action_sent',
        senderAccountId: account,
        occurredAt: new Date(now.getTime() - hoursAgo * 3_600_000),
      });
    }
    assert.equal(await countSends(db, account, new Date(now.getTime() - 24 * 3_600_000)), 1);
    assert.equal(await countSends(db, account, new Date(0)), 3);
  });
});
