import assert from 'node:assert/strict';
import { EVENT_SOURCE_KINDS, SOURCE_STALE_AFTER_MS, eventSourcesOf, liveSourceOf, reportEventSource } from '../../src/db/event-sources';
import { upsertSenderAccount } from '../../src/db/senderAccounts';
import { testDb } from '../support/database';
import { unique } from './fixtures';

describe('event sources', () => {
  const account = async () => {
    const db = await testDb();
    const id = await upsertSenderAccount(db, { channel: 'email', provider: 'smtp', handle: `${unique('s')}@example.com`, hourlyCap: 10, dailyCap: 100 });
    return { db, id };
  };

  it('a connected source is live until it stops re-reporting itself', async () => {
    const { db, id } = await account();
    const at = new Date('2026-12-02T10:00:00Z');
    assert.equal(await liveSourceOf(db, id, at), null);
    await reportEventSource(db, { senderAccountId: id, kind: 'imap-idle', state: 'connected' }, at);
    assert.equal(await liveSourceOf(db, id, new Date(at.getTime() + SOURCE_STALE_AFTER_MS)), 'imap-idle');
    assert.equal(await liveSourceOf(db, id, new Date(at.getTime() + SOURCE_STALE_AFTER_MS + 1)), null);
  });

  it('a disconnected source keeps its error and its last event; configured webhooks are live while re-reported', async () => {
    const { db, id } = await account();
    const at = new Date('2026-12-02T10:00:00Z');
    const lastEventAt = new Date('2026-12-02T09:59:00Z');
    await reportEventSource(db, { senderAccountId: id, kind: 'imap-idle', state: 'connected', lastEventAt }, at);
    await reportEventSource(db, { senderAccountId: id, kind: 'imap-idle', state: 'disconnected', lastError: 'connection reset' }, at);
    const [source] = await eventSourcesOf(db, [id], at);
    assert.deepEqual(
      { kind: source?.kind, state: source?.state, lastError: source?.lastError, lastEventAt: source?.lastEventAt, live: source?.live },
      { kind: 'imap-idle', state: 'disconnected', lastError: 'connection reset', lastEventAt, live: false },
    );
    await reportEventSource(db, { senderAccountId: id, kind: 'webhook', state: 'configured' }, at);
    assert.equal(await liveSourceOf(db, id, new Date(at.getTime() + SOURCE_STALE_AFTER_MS)), 'webhook');
    assert.equal(await liveSourceOf(db, id, new Date(at.getTime() + SOURCE_STALE_AFTER_MS + 1)), null, 'its ingest process is gone');
    assert.deepEqual((await eventSourcesOf(db, [id], at)).map((s) => s.kind), ['imap-idle', 'webhook']);
  });

  it('the table takes every kind the code names', async () => {
    const { db, id } = await account();
    for (const kind of EVENT_SOURCE_KINDS) await reportEventSource(db, { senderAccountId: id, kind, state: 'connected' });
    assert.equal((await eventSourcesOf(db, [id])).length, EVENT_SOURCE_KINDS.length);
  });
});
