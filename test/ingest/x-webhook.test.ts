import assert from 'node:assert/strict';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildIngestApp, type IngestApp } from '../../src/ingest/app';
import { silentLog } from '../../src/ingest/log';
import {
  branchTriggers,
  compileSequence,
  createLead,
  journeyRecords,
  journeyWorker,
  skipTo,
  startJourney,
  stateWhen,
  uniqueName,
  uniqueXHandle,
  useJourneyHarness,
} from '../support/journeys';
import { DM_THEN_NUDGE } from '../support/sequences';

/** X's own computation, written out here: base64 HMAC-SHA256 under the consumer secret, prefixed `sha256=`. */
const xHmac = (secret: string, data: string) => `sha256=${createHmac('sha256', secret).update(data).digest('base64')}`;

const OUR_USER_ID = '1111111111111111111';

function dmReceived(uuid: string, sender: { id: string; username: string }, at: Date) {
  return {
    data: {
      event_uuid: uuid,
      filter: { user_id: OUR_USER_ID },
      event_type: 'dm.received',
      tag: 'dm-inbound',
      payload: {
        direct_message_events: [
          {
            type: 'message_create',
            id: String(BigInt(Date.now()) * 1000n),
            created_timestamp: String(at.getTime()),
            message_create: { target: { recipient_id: OUR_USER_ID }, sender_id: sender.id, message_data: { text: 'hello!' } },
          },
        ],
        users: { [sender.id]: { data: { id: sender.id, username: sender.username } } },
      },
    },
  };
}

function followed(uuid: string, source: string, target: string) {
  return {
    data: {
      event_uuid: uuid,
      filter: { user_id: OUR_USER_ID },
      event_type: 'follow.follow',
      payload: { source: { data: { id: source, username: 'someone' } }, target: { data: { id: target, username: 'us' } } },
    },
  };
}

describe('the ingest service: the X Activity API webhook', function () {
  this.timeout(120_000);
  const h = useJourneyHarness();
  const consumerSecret = randomBytes(25).toString('hex');
  let ingest: IngestApp;
  let app: FastifyInstance;
  /** The journeys' clock runs ahead of the real one once time is skipped: events are dated on theirs. */
  let aheadMs = 0;
  const now = () => new Date(Date.now() + aheadMs);

  before(() => {
    ingest = buildIngestApp({ db: h.db, temporal: h.env.client, log: silentLog, clock: now, secrets: { xConsumer: consumerSecret }, checkTemporal: async () => {} });
    app = ingest.app;
  });
  after(() => app.close());

  const rowCount = async () => Number((await h.db('inbound_events').count({ n: '*' }).first())?.n);

  function post(body: unknown, signature?: string) {
    const payload = JSON.stringify(body);
    return app.inject({
      method: 'POST',
      url: '/x/webhook',
      payload,
      headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': signature ?? xHmac(consumerSecret, payload) },
    });
  }

  it('answers the CRC challenge with the HMAC of the token under the consumer secret', async () => {
    const token = randomBytes(24).toString('base64url');
    const response = await app.inject({ url: `/x/webhook?crc_token=${token}` });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { response_token: xHmac(consumerSecret, token) });
    assert.equal((await app.inject({ url: '/x/webhook' })).statusCode, 400);
    assert.match((await app.inject({ url: `/x/webhook?crc_token=${'a'.repeat(257)}` })).json().error, /^crc_token: longer than 256/);
  });

  it('answers 401 to a delivery whose signature is not the HMAC of its body, and stores nothing', async () => {
    const before = await rowCount();
    const body = dmReceived(randomUUID(), { id: '2222222222222222222', username: 'other' }, new Date());
    const forged = await post(body, xHmac('another secret', JSON.stringify(body)));
    assert.equal(forged.statusCode, 401);
    assert.equal(forged.json().error, 'x-twitter-webhooks-signature: does not match the body');
    const tampered = await app.inject({
      method: 'POST',
      url: '/x/webhook',
      payload: JSON.stringify(body).replace('hello!', 'HELLO!'),
      headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': xHmac(consumerSecret, JSON.stringify(body)) },
    });
    assert.equal(tampered.statusCode, 401);
    const unsigned = await app.inject({ method: 'POST', url: '/x/webhook', payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    assert.equal(unsigned.statusCode, 401);
    assert.equal(await rowCount(), before);
  });

  it('answers 400 naming the field to a signed dm.received without its sender', async () => {
    const before = await rowCount();
    const body = dmReceived(randomUUID(), { id: '2222222222222222222', username: 'other' }, new Date());
    delete (body.data.payload.direct_message_events[0]!.message_create as { sender_id?: string }).sender_id;
    const response = await post(body);
    assert.equal(response.statusCode, 400);
    assert.match(response.json().error, /^body\/data\/payload\/direct_message_events\/0\/message_create must have required property 'sender_id'/);
    assert.equal(await rowCount(), before);
  });

  it("dedupes by event_uuid, and does not store our own account's follows or event types it does not act on", async () => {
    const uuid = randomUUID();
    const follow = followed(uuid, '3333333333333333333', OUR_USER_ID);
    assert.deepEqual((await post(follow)).json(), { received: true, stored: true });
    assert.deepEqual((await post(follow)).json(), { received: true, stored: false });
    await ingest.inFlight.settled();
    const rows = await h.db('inbound_events').where({ origin: 'x', provider_event_id: uuid });
    assert.equal(rows.length, 1);
    assert.equal(rows[0].type, 'x.follow');
    assert.deepEqual(rows[0].from_ref, { xUserId: '3333333333333333333', xHandle: 'someone' });
    assert.equal(rows[0].resolution, 'nobody');

    const before = await rowCount();
    assert.deepEqual((await post(followed(randomUUID(), OUR_USER_ID, '3333333333333333333'))).json(), { received: true, stored: false });
    const other = { data: { event_uuid: randomUUID(), event_type: 'profile.update.bio', filter: { user_id: OUR_USER_ID }, payload: { before: 'a', after: 'b' } } };
    assert.deepEqual((await post(other)).json(), { received: true, stored: false });
    assert.equal(await rowCount(), before);
  });

  it('takes a journey waiting for a reply to its DM down the REPLIED edge when dm.received arrives', async () => {
    const graph = compileSequence(DM_THEN_NUDGE);
    const handle = uniqueXHandle();
    const personId = await createLead(h.db, { person: { xHandle: handle } });
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    const uuid = randomUUID();
    await worker.runUntil(async () => {
      const journey = await startJourney(h, taskQueue, graph, personId);
      const before = await stateWhen(journey, 'a scheduled send', (s) => s.nextActionAt !== null);
      await skipTo(h.env, Date.parse(before.nextActionAt as string) + 60_000);
      await stateWhen(journey, 'dm sent', (s) => s.sent.length === 1 && s.nextActionAt !== null);
      aheadMs = (await h.env.currentTimeMs()) - Date.now();
      const response = await post(dmReceived(uuid, { id: '4444444444444444444', username: handle.toUpperCase() }, now()));
      assert.equal(response.statusCode, 200);
      await ingest.inFlight.settled();
      await journey.result();
    });
    const { events } = await journeyRecords(h.db, graph.name, personId);
    assert.deepEqual(branchTriggers(events), ['REPLIED']);
    const [row] = await h.db('inbound_events').where({ origin: 'x', provider_event_id: uuid });
    assert.equal(row.resolution, 'delivered');
    assert.equal(String(row.person_id), personId);
    assert.deepEqual([row.text, row.meaning], ['hello!', { kind: 'human', sentiment: 'neutral' }], 'the DM text, classified');
  });
});
