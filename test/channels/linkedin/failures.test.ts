import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { type ApplicationFailure } from '@temporalio/common';
import { classifyFailure } from '../../../activities/failures';
import { credentialSource } from '../../../src/channels/credentials';
import { FAILURE_TYPES, InvalidMessageError, RateLimitedError, RecipientUnreachableError, SenderAccountError } from '../../../src/channels/errors';
import { createLinkedInGatewayAdapter } from '../../../src/channels/linkedin/adapter';
import { API_KEY, checkOf, dm, failureOf, invite, lead, senderAccount, setUp, START } from './helpers';

describe('LinkedIn gateway adapter: failures', () => {
  let t: Awaited<ReturnType<typeof setUp>>;
  beforeEach(async () => {
    t = await setUp({ timeoutMs: 500 });
  });
  afterEach(async () => {
    await t.gateway.close();
  });

  const NOTE = 'Hi Ada, a secret-ish note';
  const sendInvite = (sender = t.sender) => t.adapter.sendConnectionRequest(invite(sender, ada, NOTE));
  let ada: ReturnType<typeof lead>;
  beforeEach(() => {
    ada = lead();
  });

  /** No failure names the secret, the note or the lead's profile. */
  function assertClean(failure: Error): void {
    for (const secret of [API_KEY, NOTE, ada.linkedinUrl as string]) assert.ok(!failure.message.includes(secret), failure.message);
  }

  describe('stop the sender account', () => {
    for (const state of ['session_expired', 'checkpoint_required', 'account_restricted'] as const) {
      it(`403 ${state}`, async () => {
        t.gateway.setAccountState('alice', state);
        const failure = await failureOf(sendInvite);
        assert.ok(failure instanceof SenderAccountError);
        assert.equal(failure.message, `sender account linkedin:alice: LinkedIn gateway send invitation answered 403 ${state}`);
        assertClean(failure);
      });
    }

    it('401 unauthorized: the API key is wrong', async () => {
      const adapter = createLinkedInGatewayAdapter({ credentials: credentialSource({ LI_GATEWAY_KEY: 'stale-key' }) });
      const failure = await failureOf(() => adapter.checkReplied(checkOf(t.sender, ada, [], new Date(START), new Date(START))));
      assert.ok(failure instanceof SenderAccountError);
      assert.match(failure.message, /list messages answered 401 unauthorized$/);
      assert.ok(!failure.message.includes('stale-key'));
    });

    it('404 account_not_found: the gateway has no session for the account', async () => {
      const failure = await failureOf(() => sendInvite(senderAccount({ gatewayUrl: t.gateway.url, gatewayAccount: 'bob' })));
      assert.ok(failure instanceof SenderAccountError);
      assert.match(failure.message, /404 account_not_found/);
    });

    it('a credentials_ref without apiKey', async () => {
      const failure = await failureOf(() => sendInvite(senderAccount({ gatewayUrl: t.gateway.url }, { token: 'env:LI_GATEWAY_KEY' })));
      assert.ok(failure instanceof SenderAccountError);
      assert.match(failure.message, /linkedin:alice: credentials_ref has no "apiKey"/);
    });

    const badSettings: [string, Record<string, unknown>, RegExp][] = [
      ['a gatewayUrl that is not a URL', { gatewayUrl: 'li-gateway' }, /settings\.gatewayUrl /],
      ['a gatewayUrl with credentials in it', { gatewayUrl: 'https://u:p@gw.example' }, /settings\.gatewayUrl must not carry credentials/],
      ['no gatewayUrl and no default', {}, /settings\.gatewayUrl is missing/],
      ['a noteLimit above LinkedIn\'s 300', { gatewayUrl: 'https://gw.example', noteLimit: 500 }, /settings\.noteLimit /],
    ];
    for (const [title, settings, expected] of badSettings) {
      it(`settings with ${title}`, async () => {
        const failure = await failureOf(() => sendInvite(senderAccount(settings)));
        assert.ok(failure instanceof SenderAccountError);
        assert.match(failure.message, /^sender account linkedin:alice: /);
        assert.match(failure.message, expected);
        assert.equal(t.gateway.requests.length, 0);
      });
    }
  });

  describe('come back when the gateway says', () => {
    it('429 with Retry-After in seconds', async () => {
      t.gateway.failNext({ status: 429, code: 'rate_limited', retryAfter: '120' });
      const failure = await failureOf(sendInvite);
      assert.ok(failure instanceof RateLimitedError);
      assert.equal(failure.retryAfterMs, 120_000);
      assert.equal(failure.message, 'sender account linkedin:alice: LinkedIn gateway send invitation answered 429 rate_limited, retry in 120 s');
    });

    it('429 with Retry-After as an HTTP date (the weekly invitation limit)', async () => {
      const resetsAt = new Date(START + 3 * 24 * 3_600_000).toUTCString();
      t.gateway.failNext({ status: 429, code: 'invitation_limit', retryAfter: resetsAt });
      const failure = await failureOf(sendInvite);
      assert.ok(failure instanceof RateLimitedError);
      assert.equal(failure.retryAfterMs, 3 * 24 * 3_600_000);
    });

    it('503 with Retry-After', async () => {
      t.gateway.failNext({ status: 503, code: 'unavailable', retryAfter: '30' });
      const failure = await failureOf(() => t.adapter.checkReplied(checkOf(t.sender, ada, [], new Date(START), new Date(START))));
      assert.ok(failure instanceof RateLimitedError);
      assert.equal(failure.retryAfterMs, 30_000);
    });
  });

  describe('retry with backoff', () => {
    const transient: [string, Parameters<typeof t.gateway.failNext>[0], RegExp][] = [
      ['429 without Retry-After', { status: 429, code: 'rate_limited' }, /answered 429 rate_limited$/],
      ['500 internal', { status: 500, code: 'internal' }, /answered 500 internal$/],
      ['502 without a JSON body', { status: 502, code: undefined }, /answered 502 internal$/],
      ['409 idempotency_key_in_use: the first try is still running', { status: 409, code: 'idempotency_key_in_use' }, /answered 409 idempotency_key_in_use$/],
      ['an error code the contract does not name', { status: 422, code: 'something_new' }, /answered 422 something_new$/],
    ];
    for (const [title, failure, expected] of transient) {
      it(title, async () => {
        t.gateway.failNext(failure);
        const error = await failureOf(sendInvite);
        assert.equal(error.constructor, Error);
        assert.match(error.message, expected);
        assertClean(error);
      });
    }

    it('a gateway that does not answer within the timeout', async () => {
      t.gateway.failNext({ stall: true });
      const failure = await failureOf(sendInvite);
      assert.equal(failure.constructor, Error);
      assert.equal(failure.message, 'sender account linkedin:alice: LinkedIn gateway send invitation failed: no answer within 500 ms');
    });

    it('a gateway that refuses connections', async () => {
      const port = await closedPort();
      const failure = await failureOf(() => sendInvite(senderAccount({ gatewayUrl: `http://127.0.0.1:${port}` })));
      assert.equal(failure.constructor, Error);
      assert.equal(failure.message, 'sender account linkedin:alice: LinkedIn gateway send invitation failed: ECONNREFUSED');
    });

    it('a success whose body breaks the contract', async () => {
      t.gateway.failNext({ status: 201, code: 'not_an_invitation' });
      const failure = await failureOf(sendInvite);
      assert.equal(failure.constructor, Error);
      assert.match(failure.message, /answered 201 with a body the contract does not allow$/);
    });
  });

  it('422 idempotency_key_reused: the same key with another payload fails the journey', async () => {
    await t.adapter.sendConnectionRequest(invite(t.sender, ada, 'first', 'wf:connect:1'));
    const failure = await failureOf(() => t.adapter.sendConnectionRequest(invite(t.sender, ada, 'second', 'wf:connect:1', 2)));
    assert.ok(failure instanceof InvalidMessageError);
    assert.equal((classifyFailure(failure) as ApplicationFailure).type, FAILURE_TYPES.invalidInput);
    assert.match(failure.message, /422 idempotency_key_reused$/);
  });

  it('a check on a lead whose profile is gone stops the journey', async () => {
    t.gateway.profile(ada.linkedinUrl as string, { missing: true });
    const failure = await failureOf(() => t.adapter.checkReplied(checkOf(t.sender, ada, [], new Date(START), new Date(START))));
    assert.ok(failure instanceof RecipientUnreachableError);
    assert.match(failure.message, /list messages answered 404 profile_not_found$/);
  });

  it('a DM\'s text never reaches an error message', async () => {
    t.gateway.failNext({ status: 500 });
    const failure = await failureOf(() => t.adapter.sendDm(dm(t.sender, ada, NOTE)));
    assertClean(failure);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
