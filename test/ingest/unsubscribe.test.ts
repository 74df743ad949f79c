import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { credentialSource } from '../../src/channels/credentials';
import { unsubscribeToken as legacyToken } from '../../src/channels/email/unsubscribe';
import { getEnrollment } from '../../src/db/enrollments';
import { listEvents } from '../../src/db/events';
import { upsertSenderAccount } from '../../src/db/senderAccounts';
import { buildIngestApp } from '../../src/ingest/app';
import { jsonLineLog } from '../../src/ingest/log';
import { suppressionOf } from '../../src/suppression/check';
import { cachedSuppressionKey } from '../../src/suppression/key';
import { makeUnsubscribeToken, MAX_TOKEN_CHARS, unsubscribeSigningKey } from '../../src/unsubscribe/token';
import { journeyWorkflowId } from '../../workflows/contract';
import { compileSequence, createLead, journeyWorker, skipTo, startJourney, stateWhen, uniqueName, useJourneyHarness, type JourneyHandle } from '../support/journeys';

const WAITS = `
templates:
  hello: { subject: "Hello", body: "hello\\n\\nUnsubscribe: {{ unsubscribe_url }}" }
  nudge: { subject: "Nudge", body: "nudge" }
nodes:
  - { id: hello, action: SEND_EMAIL, template: hello }
  - { id: nudge, action: SEND_EMAIL, template: nudge }
edges:
  - { from: hello, trigger: REPLIED }
  - { from: hello, to: nudge, trigger: NOT_REPLIED, within: 3d }
  - { from: nudge, trigger: END }
`;

const ONE_CLICK = { 'content-type': 'application/x-www-form-urlencoded' };
const LEGACY_SECRET = 'legacy-unsubscribe-secret-0123456789';

describe('the ingest service: one-click unsubscribe (RFC 8058)', function () {
  this.timeout(120_000);
  const h = useJourneyHarness();
  const lines: string[] = [];
  let app: FastifyInstance;
  let signingKey: Buffer;

  before(async () => {
    ({ app } = buildIngestApp({
      db: h.db,
      temporal: h.env.client,
      log: jsonLineLog((line) => lines.push(line)),
      secrets: {},
      checkTemporal: async () => ({}),
      credentials: credentialSource({ LEGACY_UNSUBSCRIBE: LEGACY_SECRET }),
    }));
    signingKey = unsubscribeSigningKey(await cachedSuppressionKey(h.db));
  });
  after(() => app.close());

  const get = (token: string) => app.inject({ method: 'GET', url: `/unsubscribe?token=${encodeURIComponent(token)}` });
  const post = (token: string, payload = 'List-Unsubscribe=One-Click', headers: Record<string, string> = ONE_CLICK) =>
    app.inject({ method: 'POST', url: `/unsubscribe?token=${encodeURIComponent(token)}`, payload, headers });
  const suppressed = async (personId: string) => suppressionOf(h.db, await cachedSuppressionKey(h.db), personId);

  /** A person whose email journey has sent its first message and waits 3 days for a reply, and that email's token. */
  async function withWaitingJourney(run: (journey: { handle: JourneyHandle; personId: string; token: string; sequence: string }) => Promise<void>) {
    const email = `${uniqueName('una')}@example.test`;
    const personId = await createLead(h.db, { person: { email } });
    const graph = compileSequence(WAITS);
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    await worker.runUntil(async () => {
      const handle = await startJourney(h, taskQueue, graph, personId);
      const before = await stateWhen(handle, 'a scheduled first send', (s) => s.nextActionAt !== null);
      await skipTo(h.env, Date.parse(before.nextActionAt as string) + 60_000);
      await stateWhen(handle, 'hello sent', (s) => s.sent.length === 1 && s.status === 'waiting');
      const workflowId = journeyWorkflowId(graph.name, personId);
      const enrollment = await getEnrollment(h.db, workflowId);
      const sent = (await listEvents(h.db, workflowId)).find((e) => e.type === 'action_sent');
      const token = makeUnsubscribeToken(signingKey, { personId, senderAccountId: String(sent?.senderAccountId), sequenceVersionId: String(enrollment?.sequenceVersionId) });
      await run({ handle, personId, token, sequence: graph.name });
    });
    assert.ok(lines.every((line) => !line.includes(email)), 'no address in the log');
  }

  // createLead gives four identifiers (email, X handle, LinkedIn, wallet): each is suppressed.
  it('GET shows a page with a button and suppresses nothing; the one-click POST suppresses, ends the journey and answers 200', async () => {
    await withWaitingJourney(async ({ handle, personId, token, sequence }) => {
      const page = await get(token);
      assert.equal(page.statusCode, 200);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.match(page.body, /<form method="post" action="\?token=[^"]+"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe<\/button>/);
      assert.equal((await get(token)).statusCode, 200, 'a scanner fetching twice changes nothing either');
      assert.equal(await suppressed(personId), undefined);
      assert.equal((await handle.describe()).status.name, 'RUNNING');

      const done = await post(token);
      assert.equal(done.statusCode, 200);
      assert.match(done.body, /You are unsubscribed/);
      const suppression = await suppressed(personId);
      assert.deepEqual([suppression?.reason, suppression?.scope, suppression?.source], ['unsubscribed', { scope: 'global' }, `unsubscribe-link:${sequence}`]);
      const result = await handle.result();
      assert.deepEqual([result.status, result.endReason], ['cancelled', 'suppressed']);

      const again = await post(token);
      assert.equal(again.statusCode, 200, 'repeating is harmless');
      assert.equal((await suppressed(personId))?.id, suppression?.id);
    });
    const done = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.message === 'unsubscribed');
    assert.deepEqual(done.map((l) => [l.via, l.format, l.suppressionsAdded, l.journeysEnded]), [['link', 'u1', 4, 1], ['link', 'u1', 0, 0]]);
  });

  it('takes the one-click body as multipart/form-data too, as RFC 8058 allows', async () => {
    const personId = await createLead(h.db);
    const token = makeUnsubscribeToken(signingKey, { personId, senderAccountId: '1', sequenceVersionId: '1' });
    const boundary = '----oneclick7MA4YWxkTrZu0gW';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    const answer = await post(token, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    assert.equal(answer.statusCode, 200, answer.body);
    assert.equal((await suppressed(personId))?.reason, 'unsubscribed');
  });

  it('refuses forged, altered and oversized tokens and bodies that are not one-click, suppressing nothing', async () => {
    const personId = await createLead(h.db);
    const token = makeUnsubscribeToken(signingKey, { personId, senderAccountId: '1', sequenceVersionId: '1' });
    const forged = makeUnsubscribeToken(unsubscribeSigningKey(Buffer.from('a key we never had, at least 16')), { personId, senderAccountId: '1', sequenceVersionId: '1' });
    const refusals = [
      await get(forged),
      await post(forged),
      await post(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`),
      await post(`${personId}.${'A'.repeat(32)}`),
      await post('x'.repeat(MAX_TOKEN_CHARS + 1)),
      await app.inject({ method: 'POST', url: '/unsubscribe', payload: 'List-Unsubscribe=One-Click', headers: ONE_CLICK }),
      await post(token, 'List-Unsubscribe=Maybe'),
      await post(token, ''),
    ];
    assert.deepEqual(refusals.map((r) => r.statusCode), [400, 400, 400, 400, 400, 400, 400, 400]);
    assert.ok(refusals.every((r) => /not valid/.test(r.body) && /^text\/html/.test(String(r.headers['content-type']))));
    assert.equal((await post(token, `List-Unsubscribe=One-Click&pad=${'x'.repeat(5000)}`)).statusCode, 413);
    assert.equal((await post(token, '{"List-Unsubscribe":"One-Click"}', { 'content-type': 'application/json' })).statusCode, 400);
    assert.equal((await post(token, 'List-Unsubscribe=One-Click', { 'content-type': 'text/xml' })).statusCode, 415);
    assert.equal(await suppressed(personId), undefined);
  });

  it('still honours a token of the first format, made under an email account’s own unsubscribeSecret', async () => {
    await upsertSenderAccount(h.db, {
      channel: 'email',
      provider: 'smtp-imap',
      handle: `${uniqueName('legacy')}@outreach.example.com`,
      hourlyCap: 10,
      dailyCap: 100,
      credentialsRef: { unsubscribeSecret: 'env:LEGACY_UNSUBSCRIBE' },
      // Paused: no journey of this file may pick it.
      status: 'paused',
    });
    const personId = await createLead(h.db);
    const old = legacyToken(LEGACY_SECRET, personId);
    assert.equal((await get(old)).statusCode, 200);
    assert.equal(await suppressed(personId), undefined);
    assert.equal((await post(legacyToken('another secret', personId))).statusCode, 400);
    assert.equal(await suppressed(personId), undefined);
    assert.equal((await post(old)).statusCode, 200);
    assert.deepEqual([(await suppressed(personId))?.reason, (await suppressed(personId))?.source], ['unsubscribed', 'unsubscribe-link:unknown-sequence']);
  });
});
