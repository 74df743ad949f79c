import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { getLeadContact } from '../../../src/db/people';
import { testDb } from '../../support/database';
import { FakeXApi } from '../../support/fakes/x-api';
import { checkRequest, dmRequest, leadOnX, sendRequest, senderAccount, wire } from './support';

const SECOND = 1000;

describe('X adapter operations against a fake X API', () => {
  let db: Knex;
  let fake: FakeXApi;

  before(async () => {
    db = await testDb();
  });
  beforeEach(async () => {
    fake = await FakeXApi.start();
  });
  afterEach(async () => {
    await fake.close();
  });

  describe('follow and unfollow', () => {
    it('follows with OAuth 1.0a, looking the sender up once and the lead handle once, and keeps the lead id in the identity graph', async () => {
      const { alice, adapter } = wire(fake, db);
      const sender = senderAccount();
      const lead = await leadOnX(db, fake);

      const result = await adapter.follow(sendRequest(lead.contact, sender));

      assert.ok(fake.isFollowing(alice.id, lead.user.id));
      assert.equal(result.providerId, `follow:${alice.id}:${lead.user.id}`);
      const [follow] = fake.requestsTo('POST', /^\/2\/users\/\d+\/following$/);
      assert.deepEqual([follow?.path, follow?.body, follow?.auth], [`/2/users/${alice.id}/following`, { target_user_id: lead.user.id }, 'oauth1']);
      const stored = await db('x_profiles').where({ person_id: lead.personId }).first();
      assert.equal(stored?.x_user_id, lead.user.id);

      await adapter.follow(sendRequest(await getLeadContact(db, lead.personId), sender));
      assert.equal(fake.requestsTo('GET', /^\/2\/users\/me$/).length, 1, 'the sender id is cached per account');
      assert.equal(fake.requestsTo('GET', /^\/2\/users\/by\/username\//).length, 1, 'the handle is resolved once');
      assert.equal(fake.requestsTo('POST', /\/following$/).length, 2, 'following again is harmless');
    });

    it('takes the sender id from settings.userId and authenticates with an OAuth 2.0 user token when the account names one', async () => {
      const { alice, adapter } = wire(fake, db);
      const sender = senderAccount({ credentialsRef: { oauth2UserToken: 'env:X_OAUTH2' }, settings: { userId: alice.id } });
      const lead = await leadOnX(db, fake, { knownId: true });

      await adapter.follow(sendRequest(lead.contact, sender));

      assert.equal(fake.requestsTo('GET', /^\/2\/users\/me$/).length, 0);
      assert.equal(fake.requestsTo('GET', /^\/2\/users\/by\/username\//).length, 0, 'a known lead id skips the lookup');
      assert.deepEqual(fake.requests.map((r) => r.auth), ['oauth2']);
      assert.ok(fake.isFollowing(alice.id, lead.user.id));
    });

    it('unfollows, and unfollowing someone not followed succeeds too', async () => {
      const { alice, adapter } = wire(fake, db);
      const sender = senderAccount();
      const lead = await leadOnX(db, fake, { knownId: true });
      fake.follow(alice.id, lead.user.id);

      await adapter.unfollow(sendRequest(lead.contact, sender, { action: 'UNFOLLOW_ON_TWITTER' }));
      assert.ok(!fake.isFollowing(alice.id, lead.user.id));
      await adapter.unfollow(sendRequest(lead.contact, sender, { action: 'UNFOLLOW_ON_TWITTER' }));
      assert.deepEqual(fake.requestsTo('DELETE', /following/).map((r) => r.path), [
        `/2/users/${alice.id}/following/${lead.user.id}`,
        `/2/users/${alice.id}/following/${lead.user.id}`,
      ]);
    });

    it('leaves an id that another profile already holds where it is', async () => {
      const { adapter } = wire(fake, db);
      const lead = await leadOnX(db, fake);
      const other = await leadOnX(db, fake, { knownId: true });
      fake.users.get(other.user.id)!.username = lead.user.username;
      fake.users.delete(lead.user.id);

      await adapter.follow(sendRequest(lead.contact, senderAccount()));

      assert.equal((await db('x_profiles').where({ person_id: lead.personId }).first())?.x_user_id, null);
    });
  });

  describe('sendDm', () => {
    it('sends the text to the lead and returns the DM event id', async () => {
      const { alice, adapter } = wire(fake, db);
      const lead = await leadOnX(db, fake, { knownId: true });

      const result = await adapter.sendDm(dmRequest(lead.contact, senderAccount(), 'Hi Lea'));

      const [sent] = fake.dmsBetween(alice.id, lead.user.id);
      assert.equal(sent?.text, 'Hi Lea');
      assert.equal(result.providerId, sent?.id);
      assert.deepEqual(fake.requestsTo('POST', /messages$/).map((r) => [r.path, r.body]), [[`/2/dm_conversations/with/${lead.user.id}/messages`, { text: 'Hi Lea' }]]);
    });

    it('on a retry, returns the DM an earlier attempt sent instead of sending it twice', async () => {
      const { alice, adapter } = wire(fake, db);
      const lead = await leadOnX(db, fake, { knownId: true });
      const at = new Date(Date.now() - 5 * SECOND);
      const earlier = fake.dm(alice.id, lead.user.id, 'Hi Lea', new Date(at.getTime() + 2 * SECOND));
      fake.dm(lead.user.id, alice.id, 'Hi Lea');

      const result = await adapter.sendDm(dmRequest(lead.contact, senderAccount(), 'Hi Lea', { at, attempt: 2 }));

      assert.equal(result.providerId, earlier.id);
      assert.equal(fake.requestsTo('POST', /messages$/).length, 0);
      assert.equal(fake.dmsBetween(alice.id, lead.user.id).length, 2);
    });

    it('on a retry, sends when no earlier attempt got through, even if the same text went out before this send', async () => {
      const { alice, adapter } = wire(fake, db);
      const lead = await leadOnX(db, fake, { knownId: true });
      const at = new Date();
      fake.dm(alice.id, lead.user.id, 'Hi Lea', new Date(at.getTime() - 3 * 86_400_000));

      const result = await adapter.sendDm(dmRequest(lead.contact, senderAccount(), 'Hi Lea', { at, attempt: 3 }));

      assert.equal(fake.requestsTo('POST', /messages$/).length, 1);
      assert.equal(fake.requestsTo('GET', /dm_events$/).length, 1);
      assert.equal(result.providerId, fake.dmsBetween(alice.id, lead.user.id).at(-1)?.id);
    });
  });

  describe('checkFollowedBack', () => {
    it('reads connection_status from one user lookup: nothing until the lead follows the sender', async () => {
      const { alice, adapter } = wire(fake, db);
      const sender = senderAccount();
      const lead = await leadOnX(db, fake, { knownId: true });
      const since = new Date(Date.now() - 60 * SECOND);
      fake.follow(alice.id, lead.user.id);

      assert.equal(await adapter.checkFollowedBack(checkRequest(lead.contact, sender, since)), undefined);

      fake.follow(lead.user.id, alice.id);
      const asOf = new Date();
      const outcome = await adapter.checkFollowedBack(checkRequest(lead.contact, sender, since, { asOf }));

      assert.deepEqual(outcome, { observation: 'followed_back', at: asOf, providerId: `follower:${lead.user.id}` });
      assert.deepEqual(fake.requestsTo('GET', /^\/2\/users\/\d+$/).map((r) => r.query['user.fields']), ['connection_status', 'connection_status']);
    });
  });

  describe('checkReplied', () => {
    it('sees the lead\'s first message after `since`, ignoring our own messages and older ones', async () => {
      const { alice, adapter } = wire(fake, db);
      const sender = senderAccount();
      const lead = await leadOnX(db, fake, { knownId: true });
      const since = new Date(Date.now() - 60 * SECOND);
      fake.dm(lead.user.id, alice.id, 'an old message', new Date(since.getTime() - 3_600_000));
      fake.dm(alice.id, lead.user.id, 'our message', new Date(since.getTime() + SECOND));

      assert.equal(await adapter.checkReplied(checkRequest(lead.contact, sender, since)), undefined);

      const reply = fake.dm(lead.user.id, alice.id, 'sounds good', new Date(since.getTime() + 10 * SECOND));
      fake.dm(lead.user.id, alice.id, 'when?', new Date(since.getTime() + 20 * SECOND));
      const outcome = await adapter.checkReplied(checkRequest(lead.contact, sender, since));

      assert.deepEqual(outcome, { observation: 'replied', at: new Date(reply.created_at), providerId: reply.id });
      const [query] = fake.requestsTo('GET', /dm_events$/).map((r) => r.query);
      assert.equal(query?.event_types, 'MessageCreate');
      assert.match(query?.['dm_event.fields'] ?? '', /sender_id/);
    });

    it('follows next_token through a long conversation and stops at the first page that reaches back past `since`', async () => {
      const { alice, adapter } = wire(fake, db);
      const lead = await leadOnX(db, fake, { knownId: true });
      const since = new Date(Date.now() - 3_600_000);
      for (let i = 0; i < 150; i++) fake.dm(alice.id, lead.user.id, `old ${i}`, new Date(since.getTime() - (i + 1) * 60 * SECOND));
      const reply = fake.dm(lead.user.id, alice.id, 'yes', new Date(since.getTime() + 60 * SECOND));
      for (let i = 0; i < 120; i++) fake.dm(alice.id, lead.user.id, `note ${i}`, new Date(since.getTime() + (i + 2) * 10 * SECOND));

      const outcome = await adapter.checkReplied(checkRequest(lead.contact, senderAccount(), since));

      assert.equal(outcome?.providerId, reply.id);
      assert.deepEqual(fake.requestsTo('GET', /dm_events$/).map((r) => r.query.pagination_token), [undefined, '100']);
    });

    it('answers nothing for a conversation that does not exist yet', async () => {
      const { adapter } = wire(fake, db);
      const lead = await leadOnX(db, fake, { knownId: true });
      assert.equal(await adapter.checkReplied(checkRequest(lead.contact, senderAccount(), new Date(0))), undefined);
    });
  });

  it('has no read check: X DMs have no read receipts in the API', () => {
    const { adapter } = wire(fake, db);
    assert.equal(adapter.checkRead, undefined);
  });
});
