import assert from 'node:assert/strict';
import { checkOf, dm, invite, lead, setUp, START } from './helpers';

const SECOND = 1000;
const at = (ms: number) => new Date(START + ms);

describe('LinkedIn gateway adapter: checks', () => {
  let t: Awaited<ReturnType<typeof setUp>>;
  beforeEach(async () => {
    t = await setUp();
  });
  afterEach(async () => {
    await t.gateway.close();
  });

  describe('checkConnectionAccepted', () => {
    it('is undefined while the invitation is pending, then the acceptance with its time', async () => {
      const ada = lead();
      t.gateway.profile(ada.linkedinUrl as string, { acceptsAfterMs: 90 * SECOND });
      const sent = await t.adapter.sendConnectionRequest(invite(t.sender, ada, 'Hi'));
      const check = (asOf: Date) => t.adapter.checkConnectionAccepted(checkOf(t.sender, ada, [sent.providerId], sent.sentAt, asOf));

      t.advance(60 * SECOND);
      assert.equal(await check(at(60 * SECOND)), undefined);
      t.advance(60 * SECOND);
      assert.deepEqual(await check(at(120 * SECOND)), { observation: 'connection_accepted', at: at(90 * SECOND), providerId: sent.providerId });
      assert.equal(await check(at(80 * SECOND)), undefined, 'an acceptance after the journey\'s clock does not count yet');
      const path = `/invitations/${sent.providerId.slice('invitation:'.length)}`;
      assert.deepEqual(t.gateway.requests.slice(1).map((r) => `${r.method} ${r.path}`), Array(3).fill(`GET ${path}`));
    });

    it('asks about the newest invitation only, skips ones the gateway forgot, and never asks about messages', async () => {
      const ada = lead();
      t.gateway.profile(ada.linkedinUrl as string, { acceptsAfterMs: 0 });
      const sent = await t.adapter.sendConnectionRequest(invite(t.sender, ada));
      const outcome = await t.adapter.checkConnectionAccepted(checkOf(t.sender, ada, ['message:m1', sent.providerId, 'invitation:forgotten'], at(0), at(SECOND)));
      assert.equal(outcome?.providerId, sent.providerId);
      assert.deepEqual(t.gateway.requests.slice(1).map((r) => r.path), ['/invitations/forgotten', `/invitations/${sent.providerId.slice('invitation:'.length)}`]);
    });

    it('is undefined with no invitation among the journey\'s sends', async () => {
      assert.equal(await t.adapter.checkConnectionAccepted(checkOf(t.sender, lead(), ['message:m1'], at(0), at(SECOND))), undefined);
      assert.equal(t.gateway.requests.length, 0);
    });
  });

  describe('checkRepliedToNote', () => {
    it('sees the lead answer the note before accepting', async () => {
      const ada = lead();
      t.gateway.profile(ada.linkedinUrl as string, { repliesToNoteAfterMs: 30 * SECOND });
      const sent = await t.adapter.sendConnectionRequest(invite(t.sender, ada, 'Hi Ada'));
      t.advance(45 * SECOND);
      const outcome = await t.adapter.checkRepliedToNote(checkOf(t.sender, ada, [sent.providerId], sent.sentAt, at(45 * SECOND)));
      assert.equal(outcome?.observation, 'replied_to_note');
      assert.deepEqual(outcome?.at, at(30 * SECOND));
      assert.match(outcome?.providerId ?? '', /^message:/);
      const [, list] = t.gateway.requests;
      assert.deepEqual(list?.query, { profileUrl: ada.linkedinUrl, since: at(0).toISOString(), limit: '100' });
    });

    it('is undefined without an invitation among the journey\'s sends', async () => {
      const ada = lead();
      t.gateway.receive('alice', ada.linkedinUrl as string, 'hello', at(SECOND));
      t.advance(2 * SECOND);
      assert.equal(await t.adapter.checkRepliedToNote(checkOf(t.sender, ada, [], at(0), at(2 * SECOND))), undefined);
    });
  });

  describe('checkReplied', () => {
    it('takes the first message from the lead after the send, not our own or an earlier one', async () => {
      const ada = lead();
      t.gateway.profile(ada.linkedinUrl as string, { connected: true });
      t.gateway.receive('alice', ada.linkedinUrl as string, 'old news', at(-SECOND));
      const sent = await t.adapter.sendDm(dm(t.sender, ada, 'Hello Ada'));
      t.gateway.receive('alice', ada.linkedinUrl as string, 'hi back', at(20 * SECOND));
      t.gateway.receive('alice', ada.linkedinUrl as string, 'and more', at(25 * SECOND));
      t.advance(30 * SECOND);

      const outcome = await t.adapter.checkReplied(checkOf(t.sender, ada, [sent.providerId], sent.sentAt, at(30 * SECOND)));
      assert.equal(outcome?.observation, 'replied');
      assert.deepEqual(outcome?.at, at(20 * SECOND));
      assert.equal(outcome?.positive, undefined);
      assert.equal(await t.adapter.checkReplied(checkOf(t.sender, ada, [sent.providerId], sent.sentAt, at(10 * SECOND))), undefined);
    });

    it('follows the gateway\'s cursor through a long conversation', async () => {
      const ada = lead();
      t.gateway.maxPageSize = 2;
      t.gateway.profile(ada.linkedinUrl as string, { connected: true });
      for (let i = 0; i < 5; i++) await t.adapter.sendDm(dm(t.sender, ada, `message ${i}`));
      t.gateway.receive('alice', ada.linkedinUrl as string, 'finally', at(SECOND));
      t.advance(2 * SECOND);

      const outcome = await t.adapter.checkReplied(checkOf(t.sender, ada, [], at(0), at(2 * SECOND)));
      assert.deepEqual(outcome?.at, at(SECOND));
      const lists = t.gateway.requests.filter((r) => r.method === 'GET');
      assert.equal(lists.length, 3);
      assert.equal(lists[0]?.query.cursor, undefined);
      assert.ok(lists[1]?.query.cursor && lists[2]?.query.cursor);
    });

    it('is undefined when the lead has not written', async () => {
      const ada = lead();
      assert.equal(await t.adapter.checkReplied(checkOf(t.sender, ada, [], at(0), at(SECOND))), undefined);
    });
  });

  describe('checkRead', () => {
    it('reports the earliest seen receipt on our messages', async () => {
      const ada = lead();
      t.gateway.profile(ada.linkedinUrl as string, { connected: true, seesAfterMs: 5 * SECOND });
      const first = await t.adapter.sendDm(dm(t.sender, ada, 'one'));
      t.advance(SECOND);
      const second = await t.adapter.sendDm(dm(t.sender, ada, 'two'));
      t.advance(10 * SECOND);
      const outcome = await t.adapter.checkRead(checkOf(t.sender, ada, [first.providerId, second.providerId], at(0), at(11 * SECOND)));
      assert.deepEqual(outcome, { observation: 'read', at: at(5 * SECOND), providerId: first.providerId });
    });

    it('is undefined when the gateway reports no receipts, or before the lead saw anything', async () => {
      const ada = lead();
      t.gateway.profile(ada.linkedinUrl as string, { connected: true });
      const sent = await t.adapter.sendDm(dm(t.sender, ada, 'one'));
      t.advance(60 * SECOND);
      assert.equal(await t.adapter.checkRead(checkOf(t.sender, ada, [sent.providerId], at(0), at(60 * SECOND))), undefined);

      const bea = lead();
      t.gateway.profile(bea.linkedinUrl as string, { connected: true, seesAfterMs: 120 * SECOND });
      const toBea = await t.adapter.sendDm(dm(t.sender, bea, 'one'));
      assert.equal(await t.adapter.checkRead(checkOf(t.sender, bea, [toBea.providerId], toBea.sentAt, at(61 * SECOND))), undefined);
    });

    it('does not ask the gateway when the journey sent no message', async () => {
      assert.equal(await t.adapter.checkRead(checkOf(t.sender, lead(), ['invitation:i1'], at(0), at(SECOND))), undefined);
      assert.equal(t.gateway.requests.length, 0);
    });
  });
});
