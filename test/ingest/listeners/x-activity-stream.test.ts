import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { X_PROVIDER } from '../../../src/channels/x/adapter';
import { eventSourcesOf } from '../../../src/db/event-sources';
import { getSenderAccount, upsertSenderAccount, type SenderAccount } from '../../../src/db/senderAccounts';
import { supervise, type Supervised } from '../../../src/ingest/listeners/supervise';
import { xActivityStreamListener } from '../../../src/ingest/listeners/x-activity-stream';
import { testDb } from '../../support/database';
import { FakeXApi, type FakeActivityEvent } from '../../support/fakes/x-api';
import { FAST_BACKOFF, Heard, until } from './harness';

const APP_TOKEN = 'app-bearer-token-1';

describe('X activity stream listener (against the X API fake)', function () {
  this.timeout(60_000);
  let db: Knex;
  let x: FakeXApi;
  let running: Supervised | undefined;
  before(async () => {
    [db, x] = await Promise.all([testDb(), FakeXApi.start()]);
    x.grantApp(APP_TOKEN);
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  after(async () => {
    await x?.close();
  });

  async function xAccount(): Promise<SenderAccount> {
    const userId = String(2_000_000_000 + Math.floor(Math.random() * 1_000_000_000));
    const id = await upsertSenderAccount(db, {
      channel: 'x',
      provider: X_PROVIDER,
      handle: `alice_${randomUUID().slice(0, 8)}`,
      hourlyCap: 10,
      dailyCap: 100,
      credentialsRef: { oauth2UserToken: 'env:X_ALICE_TOKEN' },
      settings: { userId },
    });
    return (await getSenderAccount(db, id))!;
  }

  const userIdOf = (account: SenderAccount) => String(account.settings.userId);
  const dm = (to: SenderAccount, from: string): FakeActivityEvent => ({
    event_type: 'dm.received',
    event_uuid: randomUUID(),
    filter: { user_id: userIdOf(to) },
    payload: { dm_event_id: randomUUID(), dm_conversation_id: `${from}-${userIdOf(to)}`, sender_id: from, created_at: new Date().toISOString(), text: 'hey, tell me more' },
  });
  const follow = (of: SenderAccount, source: string, target = userIdOf(of)): FakeActivityEvent => ({
    event_type: 'follow.follow',
    event_uuid: randomUUID(),
    filter: { user_id: userIdOf(of) },
    payload: { source: { id: source, username: `Rita_${source}` }, target: { id: target }, created_at: new Date().toISOString() },
  });

  async function listen(accounts: SenderAccount[], heard: Heard): Promise<void> {
    running = supervise(xActivityStreamListener(accounts, { bearerToken: APP_TOKEN, apiRoot: x.url, deliver: heard.deliver }), {
      db,
      log: heard.log,
      backoff: FAST_BACKOFF,
    });
    await until('the stream is open', async () => x.openActivityStreams > 0 && (await eventSourcesOf(db, [accounts[0]!.id]))[0]?.state === 'connected');
  }

  it('turns DMs and follows of our accounts into events, drops our own, and delivers a repeated event_uuid once', async () => {
    const [alice, bob] = [await xAccount(), await xAccount()];
    const heard = new Heard();
    await listen([alice, bob], heard);
    const reply = dm(alice, '111');
    x.publishActivity(reply);
    x.publishActivity(reply);
    x.publishActivity(dm(alice, userIdOf(alice)));
    x.publishActivity(follow(bob, userIdOf(bob), '999'));
    const followed = follow(bob, '222');
    x.publishActivity(followed);
    await until('the DM and the follow are delivered', () => heard.events.length >= 2);

    assert.deepEqual(
      heard.events.map((e) => ({ id: e.providerEventId, type: e.type, origin: e.origin, account: e.senderAccountId, from: e.from })),
      [
        { id: reply.event_uuid, type: 'x.dm.received', origin: 'x', account: alice.id, from: { xUserId: '111' } },
        { id: followed.event_uuid, type: 'x.follow', origin: 'x', account: bob.id, from: { xUserId: '222', xHandle: 'rita_222' } },
      ],
    );
    assert.equal(heard.events[0]?.text, 'hey, tell me more');
    assert.ok(!JSON.stringify(heard.logs).includes('tell me more'), 'no DM text in the logs');
    await until('both accounts record the last event', async () => (await eventSourcesOf(db, [alice.id, bob.id])).every((s) => s.lastEventAt !== null));
  });

  it('reconnects with backoff after X drops the stream, replays the minutes it missed, and delivers no event_uuid twice', async () => {
    const alice = await xAccount();
    const heard = new Heard();
    await listen([alice], heard);
    const before = dm(alice, '333');
    x.publishActivity(before);
    await until('the first DM is delivered', () => heard.count(before.event_uuid) === 1);

    // X refuses the first reconnect, so the event published meanwhile reaches us only through the replay.
    x.script({ method: 'GET', path: /^\/2\/activity\/stream$/ }, { status: 503, body: { title: 'Service Unavailable', status: 503 } });
    x.dropActivityStreams();
    const whileDown = dm(alice, '444');
    x.publishActivity(whileDown);
    await until('the DM published while down is replayed', () => heard.count(whileDown.event_uuid) === 1);
    const after = follow(alice, '555');
    x.publishActivity(after);
    await until('the stream goes on', () => heard.count(after.event_uuid) === 1);

    // The replay also brings the app's other events of the last minute (earlier tests'): each once, too.
    const ids = heard.events.map((e) => e.providerEventId);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(heard.events.filter((e) => e.senderAccountId === alice.id).map((e) => e.providerEventId), [before.event_uuid, whileDown.event_uuid, after.event_uuid]);
    const streams = x.requestsTo('GET', /^\/2\/activity\/stream$/);
    assert.ok(streams.length >= 3, 'the first stream, the refused reconnect, and the one that worked');
    assert.equal(streams.at(-1)?.query.backfill_minutes, '1');
    assert.ok(heard.logs.some((l) => l.message === 'listener disconnected; reconnecting' && /503/.test(String(l.error))));
  });

  it('says so when the app token is refused, and keeps trying', async () => {
    const alice = await xAccount();
    const heard = new Heard();
    running = supervise(xActivityStreamListener([alice], { bearerToken: 'not-the-app-token', apiRoot: x.url, deliver: heard.deliver }), {
      db,
      log: heard.log,
      backoff: FAST_BACKOFF,
    });
    await until('the refusal is recorded', async () => /bearer token was refused \(401/.test((await eventSourcesOf(db, [alice.id]))[0]?.lastError ?? ''));
    await until('it tries again', () => heard.logs.filter((l) => l.message === 'listener disconnected; reconnecting').length >= 2);
    assert.ok(!JSON.stringify(heard.logs).includes('not-the-app-token'), 'no token in the logs');
  });
});
