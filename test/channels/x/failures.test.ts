import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { credentialSource } from '../../../src/channels/credentials';
import { RateLimitedError, RecipientUnreachableError, SenderAccountError } from '../../../src/channels/errors';
import { createXAdapter } from '../../../src/channels/x/adapter';
import { testDb } from '../../support/database';
import { FakeXApi } from '../../support/fakes/x-api';
import { checkRequest, dmRequest, ENV, leadOnX, nextUserId, sendRequest, senderAccount, wire } from './support';

const NOW = new Date('2026-11-28T12:00:00.000Z');
const epochSeconds = (ms: number) => String(Math.floor(ms / 1000));

/** The error a call rejects with; fails the test when it resolves. */
async function failure(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  assert.fail('expected the call to fail');
}

function transient(error: Error): boolean {
  return !(error instanceof RecipientUnreachableError || error instanceof SenderAccountError || error instanceof RateLimitedError);
}

describe('X adapter failures, as X reports them', () => {
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

  describe('the recipient cannot be reached: RecipientUnreachableError', () => {
    it('a handle that names no account (200 with a resource-not-found error)', async () => {
      const { adapter } = wire(fake, db);
      const lead = await leadOnX(db, fake, { onX: false });
      const error = await failure(adapter.follow(sendRequest(lead.contact, senderAccount())));
      assert.ok(error instanceof RecipientUnreachableError, error.message);
      assert.ok(!error.message.includes(lead.user.username), 'the handle stays out of the message');
    });

    it('a lead whose account was suspended since its id was stored (404 on the write)', async () => {
      const { adapter } = wire(fake, db);
      const lead = await leadOnX(db, fake, { knownId: true });
      fake.users.get(lead.user.id)!.suspended = true;
      const error = await failure(adapter.sendDm(dmRequest(lead.contact, senderAccount(), 'Hi')));
      assert.ok(error instanceof RecipientUnreachableError, error.message);
      assert.match(error.message, /x:alice: X sendDm answered HTTP 404 \(Not Found Error, resource-not-found\)/);
    });

    it('a lead who is gone when we check for a follow-back (200 with only errors)', async () => {
      const { adapter } = wire(fake, db);
      const lead = await leadOnX(db, fake, { knownId: true });
      fake.users.get(lead.user.id)!.suspended = true;
      const error = await failure(adapter.checkFollowedBack(checkRequest(lead.contact, senderAccount(), new Date(0))));
      assert.ok(error instanceof RecipientUnreachableError, error.message);
    });

    it('a lead whose DMs are closed to us (403 "not permitted to send messages"), without the message in the error', async () => {
      const { adapter } = wire(fake, db);
      const lead = await leadOnX(db, fake, { knownId: true, dmsOpen: false });
      const error = await failure(adapter.sendDm(dmRequest(lead.contact, senderAccount(), 'Secret offer inside')));
      assert.ok(error instanceof RecipientUnreachableError, error.message);
      assert.match(error.message, /HTTP 403 \(Forbidden/);
      assert.ok(!error.message.includes('Secret offer'));
    });

    it('a lead with neither an X id nor a handle', async () => {
      const { adapter } = wire(fake, db);
      const lead = await leadOnX(db, fake);
      const error = await failure(adapter.follow(sendRequest({ ...lead.contact, xHandle: undefined }, senderAccount())));
      assert.ok(error instanceof RecipientUnreachableError, error.message);
      assert.equal(fake.requests.length, 0);
    });
  });

  describe('the sender account cannot send: SenderAccountError', () => {
    it('a revoked token (401), named by account and status but never by token', async () => {
      const { adapter } = wire(fake, db);
      fake.revoke(ENV.X_ACCESS_TOKEN);
      const lead = await leadOnX(db, fake, { knownId: true });
      const error = await failure(adapter.follow(sendRequest(lead.contact, senderAccount())));
      assert.ok(error instanceof SenderAccountError, error.message);
      assert.match(error.message, /^x:alice: X follow answered HTTP 401 \(Unauthorized\)$/);
      for (const secret of Object.values(ENV)) assert.ok(!error.message.includes(secret));
    });

    it('a suspended sender (403 on its own calls)', async () => {
      const { alice, adapter } = wire(fake, db);
      alice.suspended = true;
      const lead = await leadOnX(db, fake, { knownId: true });
      const error = await failure(adapter.sendDm(dmRequest(lead.contact, senderAccount(), 'Hi')));
      assert.ok(error instanceof SenderAccountError, error.message);
    });

    it('an app without access to v2 (403 client-forbidden)', async () => {
      const { adapter } = wire(fake, db);
      const lead = await leadOnX(db, fake, { knownId: true });
      fake.script({ path: /following$/ }, {
        status: 403,
        body: {
          client_id: '1234',
          detail: 'When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project.',
          registration_url: 'https://developer.twitter.com/en/docs/projects/overview',
          title: 'Client Forbidden',
          required_enrollment: 'Appropriate Level of API Access',
          reason: 'client-not-enrolled',
          type: 'https://api.twitter.com/2/problems/client-forbidden',
        },
      });
      const error = await failure(adapter.follow(sendRequest(lead.contact, senderAccount())));
      assert.ok(error instanceof SenderAccountError, error.message);
      assert.match(error.message, /Client Forbidden, client-forbidden/);
    });

    it('a credential the account names but the environment lacks, before any request', async () => {
      const { adapter } = wire(fake, db, { env: { X_APP_KEY: 'k' } });
      const lead = await leadOnX(db, fake, { knownId: true });
      const error = await failure(adapter.follow(sendRequest(lead.contact, senderAccount())));
      assert.ok(error instanceof SenderAccountError, error.message);
      assert.match(error.message, /x:alice.*appSecret/);
      assert.equal(fake.requests.length, 0);
    });

    it('a malformed setting, named by account and field', async () => {
      const { adapter } = wire(fake, db);
      const lead = await leadOnX(db, fake, { knownId: true });
      const error = await failure(adapter.follow(sendRequest(lead.contact, senderAccount({ settings: { userId: '@alice' } }))));
      assert.ok(error instanceof SenderAccountError, error.message);
      assert.match(error.message, /x:alice: setting "userId" must be a numeric X user id/);
    });
  });

  describe('X says when to come back: RateLimitedError', () => {
    it('429 with x-rate-limit-reset: wait until the reset, by the adapter clock', async () => {
      const { adapter } = wire(fake, db, { now: () => NOW });
      const lead = await leadOnX(db, fake, { knownId: true });
      const reset = NOW.getTime() + 7 * 60_000;
      fake.script({ path: /messages$/ }, {
        status: 429,
        headers: { 'x-rate-limit-limit': '15', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': epochSeconds(reset) },
        body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
      });
      const error = await failure(adapter.sendDm(dmRequest(lead.contact, senderAccount(), 'Hi')));
      assert.ok(error instanceof RateLimitedError, error.message);
      assert.equal(error.retryAfterMs, 7 * 60_000);
      assert.match(error.message, /HTTP 429 \(Too Many Requests\)/);
    });

    it('429 from the user\'s 24-hour cap: wait for the later, daily reset', async () => {
      const { adapter } = wire(fake, db, { now: () => NOW });
      const lead = await leadOnX(db, fake, { knownId: true });
      const daily = NOW.getTime() + 5 * 3_600_000;
      fake.script({ path: /messages$/ }, {
        status: 429,
        headers: {
          'x-rate-limit-remaining': '12',
          'x-rate-limit-reset': epochSeconds(NOW.getTime() + 60_000),
          'x-user-limit-24hour-limit': '500',
          'x-user-limit-24hour-remaining': '0',
          'x-user-limit-24hour-reset': epochSeconds(daily),
        },
        body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
      });
      const error = await failure(adapter.sendDm(dmRequest(lead.contact, senderAccount(), 'Hi')));
      assert.ok(error instanceof RateLimitedError);
      assert.equal(error.retryAfterMs, 5 * 3_600_000);
    });

    it('403 "unable to follow more people": the daily follow limit, tried again hours later', async () => {
      const { adapter } = wire(fake, db);
      const lead = await leadOnX(db, fake, { knownId: true });
      fake.script({ path: /following$/ }, {
        status: 403,
        body: { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'You are unable to follow more people at this time.' },
      });
      const error = await failure(adapter.follow(sendRequest(lead.contact, senderAccount())));
      assert.ok(error instanceof RateLimitedError, error.message);
      assert.ok(error.retryAfterMs >= 3_600_000);
    });
  });

  describe('anything a retry may fix: a plain Error', () => {
    it('503 from X', async () => {
      const { adapter } = wire(fake, db);
      const lead = await leadOnX(db, fake, { knownId: true });
      fake.script({ path: /following$/ }, { status: 503, body: { title: 'Service Unavailable', detail: 'Service Unavailable', type: 'about:blank', status: 503 } });
      const error = await failure(adapter.follow(sendRequest(lead.contact, senderAccount())));
      assert.ok(transient(error), error.message);
      assert.match(error.message, /HTTP 503/);
    });

    it('a request that gets no answer within the timeout', async () => {
      const { adapter } = wire(fake, db, { timeoutMs: 200 });
      const lead = await leadOnX(db, fake, { knownId: true });
      fake.script({ path: /dm_events$/ }, 'hang');
      const error = await failure(adapter.checkReplied(checkRequest(lead.contact, senderAccount(), new Date(0))));
      assert.ok(transient(error), error.message);
      assert.match(error.message, /x:alice: X checkReplied: no answer/);
    });

    it('a connection reset', async () => {
      const { adapter } = wire(fake, db);
      const lead = await leadOnX(db, fake, { knownId: true });
      fake.script({ path: /following$/ }, 'reset');
      const error = await failure(adapter.follow(sendRequest(lead.contact, senderAccount())));
      assert.ok(transient(error), error.message);
      assert.match(error.message, /no answer \(ECONNRESET\)/);
    });

    it('a server that is not listening', async () => {
      const lead = await leadOnX(db, fake, { knownId: true });
      const gone = fake.url;
      await fake.close();
      fake = await FakeXApi.start();
      const adapter = createXAdapter({ credentials: credentialSource(ENV), db, apiRoot: gone, timeoutMs: 1000 });
      const error = await failure(adapter.follow(sendRequest(lead.contact, senderAccount({ settings: { userId: nextUserId() } }))));
      assert.ok(transient(error), error.message);
      assert.match(error.message, /no answer \(ECONNREFUSED\)/);
    });
  });
});
