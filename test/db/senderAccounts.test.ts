import assert from 'node:assert/strict';
import { appendEvent } from '../../src/db/events';
import { countSends, findActiveSender, getSenderAccount, upsertSenderAccount } from '../../src/db/senderAccounts';
import { testDb } from '../support/database';
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

  it('findActiveSender picks the active account that sent least in the last day', async () => {
    const db = await testDb();
    const now = new Date();
    const make = (status: 'active' | 'paused') =>
      upsertSenderAccount(db, { channel: 'xmtp', provider: 'sandbox', handle: unique('acct'), hourlyCap: 5, dailyCap: 20, status });
    const [busy, quiet, paused] = [await make('active'), await make('active'), await make('paused')];
    // Only this test's accounts may compete, even on a rerun against the same database.
    await db('sender_accounts').where({ channel: 'xmtp', status: 'active' }).whereNotIn('id', [busy, quiet]).update({ status: 'disabled' });

    const { versionId, personId, workflowId } = await journeyFixture(db);
    const send = (senderAccountId: string, hoursAgo: number) =>
      appendEvent(db, {
        eventKey: unique('send'),
        workflowId,
        sequenceVersionId: versionId,
        personId,
        type: 'action_sent',
        senderAccountId,
        occurredAt: new Date(now.getTime() - hoursAgo * 3_600_000),
      });
    await send(busy, 1);
    await send(busy, 2);
    await send(quiet, 3);
    await send(quiet, 30);
    await send(quiet, 40);

    assert.equal((await findActiveSender(db, 'xmtp', now))?.id, quiet);
    assert.equal(await countSends(db, quiet, new Date(now.getTime() - 24 * 3_600_000)), 1);
    assert.equal(await countSends(db, busy, new Date(0)), 2);
    assert.equal(await countSends(db, paused, new Date(0)), 0);
  });
});
