import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { classifyFailure } from '../../../activities/failures';
import { FAILURE_TYPES, InvalidMessageError, RecipientUnreachableError } from '../../../src/channels/errors';
import { API_KEY, dm, failureOf, invite, lead, senderAccount, setUp, START } from './helpers';

describe('LinkedIn gateway adapter: sends', () => {
  let t: Awaited<ReturnType<typeof setUp>>;
  beforeEach(async () => {
    t = await setUp();
  });
  afterEach(async () => {
    await t.gateway.close();
  });

  it('sends an invitation with its note, the API key as Bearer and the send\'s idempotency key', async () => {
    const ada = lead();
    const result = await t.adapter.sendConnectionRequest(invite(t.sender, ada, '  Hi Ada, shall we connect?  ', 'wf-1:connect:1'));

    const [invitation] = t.gateway.invitationsTo(ada.linkedinUrl as string);
    assert.equal(result.providerId, `invitation:${invitation?.id}`);
    assert.equal(result.sentAt.getTime(), START);
    assert.equal(invitation?.note, 'Hi Ada, shall we connect?');
    const [request] = t.gateway.requests;
    assert.deepEqual(
      { method: request?.method, account: request?.account, path: request?.path, key: request?.idempotencyKey, auth: request?.authorization },
      { method: 'POST', account: 'alice', path: '/invitations', key: 'wf-1:connect:1', auth: `Bearer ${API_KEY}` },
    );
  });

  it('sends an invitation without a note when the template is absent or renders blank', async () => {
    const ada = lead();
    const bea = lead();
    await t.adapter.sendConnectionRequest(invite(t.sender, ada));
    await t.adapter.sendConnectionRequest(invite(t.sender, bea, '   '));
    assert.equal(t.gateway.invitationsTo(ada.linkedinUrl as string)[0]?.note, undefined);
    assert.deepEqual(t.gateway.requests.map((r) => r.body), [{ profileUrl: ada.linkedinUrl }, { profileUrl: bea.linkedinUrl }]);
  });

  it('a retry after a lost answer gets the first invitation back instead of sending a second', async () => {
    const ada = lead();
    t.gateway.failNext({ method: 'POST', path: '/invitations', dropAfterEffect: true });
    const lost = await failureOf(() => t.adapter.sendConnectionRequest(invite(t.sender, ada, 'Hi', 'wf-1:connect:1')));
    assert.equal(lost.constructor, Error);

    t.advance(60_000);
    const retried = await t.adapter.sendConnectionRequest(invite(t.sender, ada, 'Hi', 'wf-1:connect:1', 2));
    const invitations = t.gateway.invitationsTo(ada.linkedinUrl as string);
    assert.equal(invitations.length, 1);
    assert.equal(retried.providerId, `invitation:${invitations[0]?.id}`);
    assert.equal(retried.sentAt.getTime(), START, 'the replay carries the original send time');
  });

  it('refuses a note over 300 characters before calling the gateway, as a non-retryable invalid input', async () => {
    const failure = await failureOf(() => t.adapter.sendConnectionRequest(invite(t.sender, lead(), 'x'.repeat(301))));
    assert.ok(failure instanceof InvalidMessageError);
    const classified = classifyFailure(failure);
    assert.ok(classified instanceof ApplicationFailure);
    assert.equal(classified.nonRetryable, true);
    assert.equal(classified.type, FAILURE_TYPES.invalidInput);
    assert.match(failure.message, /sender account linkedin:alice: the connection note renders to 301 characters; LinkedIn takes at most 300/);
    assert.equal(t.gateway.requests.length, 0);
  });

  it('holds a free account to the 200 characters its settings name, counting characters rather than UTF-16 units', async () => {
    const free = senderAccount({ gatewayUrl: t.gateway.url, noteLimit: 200 });
    await t.adapter.sendConnectionRequest(invite(free, lead(), '👋'.repeat(200)));
    const failure = await failureOf(() => t.adapter.sendConnectionRequest(invite(free, lead(), 'y'.repeat(201))));
    assert.match(failure.message, /201 characters; LinkedIn takes at most 200 from this account \(settings.noteLimit\)/);
  });

  it('counts an invitation to someone already connected as accepted at once, and adopts a pending one', async () => {
    const friend = lead();
    t.gateway.profile(friend.linkedinUrl as string, { connected: true });
    const toFriend = await t.adapter.sendConnectionRequest(invite(t.sender, friend, 'Hi'));
    const id = toFriend.providerId;
    const accepted = await t.adapter.checkConnectionAccepted({ lead: friend, sender: t.sender, since: toFriend.sentAt, asOf: new Date(START), providerIds: [id] });
    assert.deepEqual(accepted, { observation: 'connection_accepted', at: new Date(START), providerId: id });

    const ada = lead();
    const first = await t.adapter.sendConnectionRequest(invite(t.sender, ada, 'Hi'));
    t.advance(1000);
    const again = await t.adapter.sendConnectionRequest(invite(t.sender, ada, 'Hi again'));
    assert.deepEqual(again, first);
    assert.equal(t.gateway.invitationsTo(ada.linkedinUrl as string).length, 1);
  });

  it('sends a DM to a connection with the idempotency key, and replays it on retry', async () => {
    const ada = lead();
    t.gateway.profile(ada.linkedinUrl as string, { connected: true });
    const sent = await t.adapter.sendDm(dm(t.sender, ada, 'Thanks for connecting!', 'wf-1:welcome:1'));
    const again = await t.adapter.sendDm(dm(t.sender, ada, 'Thanks for connecting!', 'wf-1:welcome:1', 2));

    const messages = t.gateway.sentMessagesTo(ada.linkedinUrl as string);
    assert.deepEqual(messages.map((m) => m.text), ['Thanks for connecting!']);
    assert.equal(sent.providerId, `message:${messages[0]?.id}`);
    assert.deepEqual(again, sent);
    assert.deepEqual(t.gateway.requests.map((r) => [r.path, r.idempotencyKey]), [['/messages', 'wf-1:welcome:1'], ['/messages', 'wf-1:welcome:1']]);
  });

  describe('leads that cannot be reached', () => {
    it('a lead without a LinkedIn URL', async () => {
      const nobody = { ...lead(), linkedinUrl: undefined };
      const failure = await failureOf(() => t.adapter.sendConnectionRequest(invite(t.sender, nobody)));
      assert.ok(failure instanceof RecipientUnreachableError);
      assert.match(failure.message, /^sender account linkedin:alice: cannot reach the lead on LinkedIn: they have no LinkedIn profile URL$/);
      assert.equal(t.gateway.requests.length, 0);
    });

    const cases: [string, (url: string) => void, 'invite' | 'dm', RegExp][] = [
      ['a profile that does not exist (404 profile_not_found)', (url) => t.gateway.profile(url, { missing: true }), 'invite', /404 profile_not_found/],
      ['a profile without a Connect button (422 cannot_invite)', (url) => t.gateway.profile(url, { cannotInvite: true }), 'invite', /422 cannot_invite/],
      ['a DM to someone not connected (422 not_connected)', () => undefined, 'dm', /422 not_connected/],
      ['a DM to a profile that is gone', (url) => t.gateway.profile(url, { missing: true }), 'dm', /404 profile_not_found/],
    ];
    for (const [title, arrange, operation, expected] of cases) {
      it(title, async () => {
        const ada = lead();
        arrange(ada.linkedinUrl as string);
        const failure = await failureOf(() =>
          operation === 'invite' ? t.adapter.sendConnectionRequest(invite(t.sender, ada, 'Hi')) : t.adapter.sendDm(dm(t.sender, ada, 'Hello')),
        );
        assert.ok(failure instanceof RecipientUnreachableError, failure.message);
        assert.match(failure.message, expected);
        assert.match(failure.message, /^sender account linkedin:alice: LinkedIn gateway send (invitation|message) answered/);
      });
    }

    it('a URL that is not a LinkedIn profile (400 invalid_profile_url)', async () => {
      const failure = await failureOf(() => t.adapter.sendConnectionRequest(invite(t.sender, { ...lead(), linkedinUrl: 'https://example.com/ada' })));
      assert.ok(failure instanceof RecipientUnreachableError);
      assert.match(failure.message, /400 invalid_profile_url/);
    });
  });

  it('a message the gateway finds too long fails the journey without retries', async () => {
    const ada = lead();
    t.gateway.profile(ada.linkedinUrl as string, { connected: true });
    const failure = await failureOf(() => t.adapter.sendDm(dm(t.sender, ada, 'z'.repeat(8001))));
    assert.ok(failure instanceof InvalidMessageError);
    assert.equal((classifyFailure(failure) as ApplicationFailure).type, FAILURE_TYPES.invalidInput);
    assert.match(failure.message, /422 message_too_long/);
  });
});
