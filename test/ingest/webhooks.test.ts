import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sandboxHandle } from '../../src/channels/sandbox';
import { reportEventSource, type EventSourceState } from '../../src/db/event-sources';
import { createDb } from '../../src/db/knex';
import { claimUndelivered, inboundEventCounts, MAX_DELIVERY_ATTEMPTS } from '../../src/db/inbound-events';
import { buildIngestApp, MAX_BODY_BYTES, type IngestApp } from '../../src/ingest/app';
import { silentLog } from '../../src/ingest/log';
import { sweepOnce } from '../../src/ingest/sweeper';
import { acceptEvent, storeEvent } from '../../src/ingest/pipeline';
import { journeyStateQuery } from '../../workflows/contract';
import {
  branchTriggers,
  compileSequence,
  createLead,
  eventsOf,
  journeyRecords,
  journeyWorker,
  skipTo,
  startJourney,
  stateWhen,
  uniqueName,
  useJourneyHarness,
  type JourneyHandle,
} from '../support/journeys';
import { EMAIL_THEN_NUDGE } from '../support/sequences';
import { signedHeaders, webhookSecret } from '../support/webhooks';

const replyWaits = () => compileSequence(EMAIL_THEN_NUDGE);

describe('the ingest service: signed webhooks', function () {
  this.timeout(120_000);
  const h = useJourneyHarness();
  const secret = webhookSecret();
  const gatewaySecret = webhookSecret();
  let ingest: IngestApp;
  let app: FastifyInstance;
  /** The journeys' clock runs ahead of the real one once time is skipped: events are dated on theirs. */
  let aheadMs = 0;
  const now = () => new Date(Date.now() + aheadMs);

  before(() => {
    ingest = buildIngestApp({
      db: h.db,
      temporal: h.env.client,
      log: silentLog,
      clock: now,
      secrets: { webhook: secret, linkedinGateway: gatewaySecret },
      checkTemporal: () => h.env.client.connection.workflowService.getSystemInfo({}),
    });
    app = ingest.app;
  });
  after(() => app.close());

  const rowCount = async () => Number((await h.db('inbound_events').count({ n: '*' }).first())?.n);
  const rowsOf = (providerEventId: string) => h.db('inbound_events').where({ provider_event_id: providerEventId });

  function post(path: string, body: unknown, opts: { secret?: string; id?: string; at?: Date; headers?: Record<string, string> } = {}) {
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const headers = { ...signedHeaders(opts.secret ?? secret, payload, opts), ...opts.headers };
    return app.inject({ method: 'POST', url: path, payload, headers });
  }

  const reply = (from: string) => ({ type: 'email.reply.received', timestamp: new Date().toISOString(), data: { from } });

  /** Starts a journey that waits on REPLIED after its email went out; `steer` runs while the worker runs. */
  async function withWaitingJourney<T>(steer: (handle: JourneyHandle, email: string) => Promise<T>): Promise<{ result: T; personId: string; sequence: string }> {
    const graph = replyWaits();
    const email = `${uniqueName('ada')}@example.test`;
    const personId = await createLead(h.db, { person: { email } });
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    const result = await worker.runUntil(async () => {
      const handle = await startJourney(h, taskQueue, graph, personId);
      const before = await stateWhen(handle, 'a scheduled send', (s) => s.nextActionAt !== null);
      await skipTo(h.env, Date.parse(before.nextActionAt as string) + 60_000);
      await stateWhen(handle, 'hello sent', (s) => s.sent.length === 1 && s.nextActionAt !== null);
      aheadMs = (await h.env.currentTimeMs()) - Date.now();
      const out = await steer(handle, email);
      await handle.result();
      return out;
    });
    return { result, personId, sequence: graph.name };
  }

  describe('refusals change nothing', () => {
    it('answers 401 to a forged signature and to a missing one', async () => {
      const before = await rowCount();
      const forged = await post('/webhooks/events', reply('ada@example.test'), { secret: webhookSecret() });
      assert.equal(forged.statusCode, 401);
      assert.match(forged.json().error, /^webhook-signature: No matching signature found/);
      const unsigned = await app.inject({ method: 'POST', url: '/webhooks/events', payload: reply('ada@example.test') });
      assert.equal(unsigned.statusCode, 401);
      assert.match(unsigned.json().error, /Missing required headers/);
      assert.equal(await rowCount(), before);
    });

    it('answers 401 to a request signed more than 5 minutes ago or ahead (a replay)', async () => {
      const before = await rowCount();
      const old = await post('/webhooks/events', reply('ada@example.test'), { at: new Date(Date.now() - 6 * 60_000) });
      assert.equal(old.statusCode, 401);
      assert.equal(old.json().error, 'webhook-timestamp: outside the 5-minute window');
      const ahead = await post('/webhooks/events', reply('ada@example.test'), { at: new Date(Date.now() + 6 * 60_000) });
      assert.equal(ahead.statusCode, 401);
      assert.equal(await rowCount(), before);
    });

    it('answers 400 naming the field to a body that breaks its type schema, and to one that is not JSON', async () => {
      const before = await rowCount();
      const badEmail = await post('/webhooks/events', reply('not an address'));
      assert.equal(badEmail.statusCode, 400);
      assert.match(badEmail.json().error, /^body\/data\/from must match format "email"/);
      const missing = await post('/webhooks/events', { type: 'x.follow', timestamp: new Date().toISOString(), data: {} });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.json().error, /^body\/data must have required property 'follower'/);
      const unknownType = await post('/webhooks/events', { type: 'email.opened', timestamp: new Date().toISOString(), data: {} });
      assert.equal(unknownType.statusCode, 400);
      assert.match(unknownType.json().error, /^body\/type must be equal to one of the allowed values/);
      const notJson = await post('/webhooks/events', '{"type": ');
      assert.equal(notJson.statusCode, 400);
      assert.equal(notJson.json().error, 'body: not valid JSON');
      assert.equal(await rowCount(), before);
    });

    it(`answers 413 to a body over ${MAX_BODY_BYTES} bytes`, async () => {
      const before = await rowCount();
      const body = { ...reply('ada@example.test'), padding: 'x'.repeat(MAX_BODY_BYTES) };
      const response = await post('/webhooks/events', body);
      assert.equal(response.statusCode, 413);
      assert.equal(await rowCount(), before);
    });
  });

  it('stores an event for nobody once, counts it, and answers a repeat 200 without a second row', async () => {
    const counts = await inboundEventCounts(h.db);
    const id = `msg_${randomUUID()}`;
    const first = await post('/webhooks/events', reply(`${uniqueName('nobody')}@example.test`), { id });
    assert.equal(first.statusCode, 200);
    assert.deepEqual(first.json(), { received: true, stored: true });
    await ingest.inFlight.settled();
    const again = await post('/webhooks/events', reply(`${uniqueName('nobody')}@example.test`), { id });
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), { received: true, stored: false });

    const rows = await rowsOf(id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].resolution, 'nobody');
    assert.equal(rows[0].type, 'email.reply.received');
    assert.ok(rows[0].delivered_at instanceof Date);
    const after = await inboundEventCounts(h.db);
    assert.equal(after.received - counts.received, 1);
    assert.equal(after.forNobody - counts.forNobody, 1);
    assert.equal(after.undelivered, counts.undelivered);
  });

  it('stores a bounce, which no journey is told of (not an observation), dated no later than received', async () => {
    const id = `msg_${randomUUID()}`;
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const response = await post('/webhooks/events', { type: 'email.bounced', timestamp: tomorrow, data: { recipient: 'ada@example.test', kind: 'hard' } }, { id });
    assert.equal(response.statusCode, 200);
    await ingest.inFlight.settled();
    const [row] = await rowsOf(id);
    assert.equal(row.resolution, 'not-an-observation');
    assert.deepEqual(row.from_ref, { email: 'ada@example.test' });
    assert.equal(row.occurred_at.getTime(), row.received_at.getTime(), 'a provider clock ahead of ours');
  });

  it('takes a journey waiting on REPLIED down its REPLIED edge, and signals it once for a repeated event', async () => {
    const id = `msg_${randomUUID()}`;
    let repliedAt = new Date();
    const { personId, sequence } = await withWaitingJourney(async (handle, email) => {
      repliedAt = now();
      const body = { type: 'email.reply.received', timestamp: repliedAt.toISOString(), data: { from: email.toUpperCase() } };
      assert.equal((await post('/webhooks/events', body, { id })).statusCode, 200);
      assert.equal((await post('/webhooks/events', body, { id })).statusCode, 200);
      await ingest.inFlight.settled();
      await stateWhen(handle, 'the REPLIED branch', (s) => s.history.some((step) => step.what === 'branched'));
      const state = await handle.query(journeyStateQuery);
      return state;
    });
    const { events, sends } = await journeyRecords(h.db, sequence, personId);
    assert.deepEqual(branchTriggers(events), ['REPLIED']);
    const [observed] = eventsOf(events, 'outcome_observed');
    assert.equal(observed!.detail.via, 'signal');
    assert.equal(observed!.occurredAt.toISOString(), repliedAt.toISOString());
    assert.deepEqual(sends.map((s) => s.body), ['hello', 'thanks']);
    const rows = await rowsOf(id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].resolution, 'delivered');
    assert.equal(rows[0].journeys_signalled, 1);
    assert.equal(String(rows[0].person_id), personId);

    const history = await h.env.client.workflow.getHandle(`journey-${sequence}-${personId}`).fetchHistory();
    const signals = (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'observe');
    assert.equal(signals.length, 1, 'one signal for the event posted twice');
  });

  it('delivers with the sweeper an event stored by a process that died before signalling', async () => {
    const { personId, sequence } = await withWaitingJourney(async (_handle, email) => {
      // What a killed process leaves behind: the row of its first attempt, and nothing signalled.
      const deps = { db: h.db, temporal: h.env.client, log: silentLog, clock: now };
      const stored = await storeEvent(deps, {
        origin: 'webhook',
        providerEventId: `msg_${randomUUID()}`,
        type: 'email.reply.received',
        occurredAt: now().toISOString(),
        from: { email },
        raw: {},
      });
      assert.ok(stored);
      await sweepOnce(deps, now());
      const [untouched] = await h.db('inbound_events').where({ id: stored.id });
      assert.deepEqual([untouched.attempts, untouched.delivered_at], [1, null], 'not taken over before its first attempt may have finished');
      assert.ok((await sweepOnce(deps, new Date(now().getTime() + 60_000))) >= 1);
      const [row] = await h.db('inbound_events').where({ id: stored.id });
      assert.equal(row.resolution, 'delivered');
      assert.equal(row.attempts, 2);
    });
    const { events } = await journeyRecords(h.db, sequence, personId);
    assert.deepEqual(branchTriggers(events), ['REPLIED']);
  });

  it("takes the LinkedIn gateway's events signed with its own secret, and refuses them signed with another", async () => {
    const before = await rowCount();
    const accepted = { type: 'invitation.accepted', timestamp: new Date().toISOString(), data: { account: 'ada-sales', profileUrl: 'https://www.linkedin.com/in/Nobody-Here', invitationId: 'inv_1' } };
    assert.equal((await post('/linkedin/events', accepted)).statusCode, 401, 'the generic secret is not the gateway secret');
    assert.equal(await rowCount(), before);
    const missing = await post('/linkedin/events', { ...accepted, data: { account: 'ada-sales', invitationId: 'inv_1' } }, { secret: gatewaySecret });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.json().error, /^body\/data must have required property 'profileUrl'/);

    const id = `msg_${randomUUID()}`;
    assert.equal((await post('/linkedin/events', accepted, { secret: gatewaySecret, id })).statusCode, 200);
    const disconnectedId = `msg_${randomUUID()}`;
    const disconnected = { type: 'account.disconnected', timestamp: new Date().toISOString(), data: { account: 'ada-sales', code: 'session_expired' } };
    assert.equal((await post('/linkedin/events', disconnected, { secret: gatewaySecret, id: disconnectedId })).statusCode, 200);
    await ingest.inFlight.settled();
    const [row] = await rowsOf(id);
    assert.deepEqual([row.origin, row.type, row.resolution], ['linkedin-gateway', 'linkedin.invitation.accepted', 'nobody']);
    assert.deepEqual(row.from_ref, { linkedinUrl: 'https://www.linkedin.com/in/Nobody-Here' });
    assert.equal(row.in_reply_to, 'inv_1');
    const [gone] = await rowsOf(disconnectedId);
    assert.deepEqual([gone.type, gone.resolution], ['linkedin.account.disconnected', 'not-an-observation']);
  });

  it("takes a listener's event through acceptEvent: stored and resolved once, a repeat changes nothing", async () => {
    const deps = { db: h.db, temporal: h.env.client, log: silentLog };
    const event = {
      origin: 'imap' as const,
      providerEventId: `<${randomUUID()}@example.test>:7`,
      type: 'email.reply.received' as const,
      occurredAt: new Date().toISOString(),
      from: { email: `${uniqueName('nobody')}@example.test` },
      raw: { uid: 7 },
    };
    const first = await acceptEvent(deps, event);
    assert.deepEqual(first, { duplicate: false, delivery: { resolution: 'nobody', personId: null, journeys: 0 } });
    assert.deepEqual(await acceptEvent(deps, event), { duplicate: true });
    assert.equal((await h.db('inbound_events').where({ origin: 'imap', provider_event_id: event.providerEventId })).length, 1);
  });

  it(`stops retrying an event after ${MAX_DELIVERY_ATTEMPTS} attempts, and counts it as out of attempts`, async () => {
    const deps = { db: h.db, temporal: h.env.client, log: silentLog };
    const before = await inboundEventCounts(h.db);
    const stored = await storeEvent(deps, {
      origin: 'webhook',
      providerEventId: `msg_${randomUUID()}`,
      type: 'x.follow',
      occurredAt: new Date().toISOString(),
      from: { xUserId: '5' },
      raw: {},
    });
    let later = Date.now();
    for (let attempt = 2; attempt <= MAX_DELIVERY_ATTEMPTS; attempt++) {
      later += 3_600_000;
      // Taken over, then left unfinished: what a process that keeps dying mid-delivery does.
      const taken = await claimUndelivered(h.db, 1_000, new Date(later));
      assert.ok(taken.some((e) => e.id === stored!.id), `attempt ${attempt}`);
    }
    const taken = await claimUndelivered(h.db, 1_000, new Date(later + 86_400_000));
    assert.ok(!taken.some((e) => e.id === stored!.id));
    const [row] = await h.db('inbound_events').where({ id: stored!.id });
    assert.equal(row.attempts, MAX_DELIVERY_ATTEMPTS);
    const after = await inboundEventCounts(h.db);
    assert.ok(after.gaveUp - before.gaveUp >= 1);
  });

  it('answers 503 when it cannot store the event (the sender retries), and /readyz says Postgres is away', async () => {
    const away = createDb('postgres://outreach:outreach@127.0.0.1:1/outreach', { connectTimeoutMs: 1_000 });
    const { app: down } = buildIngestApp({ db: away, temporal: h.env.client, log: silentLog, secrets: { webhook: secret }, checkTemporal: async () => {} });
    try {
      const payload = JSON.stringify(reply('ada@example.test'));
      const response = await down.inject({ method: 'POST', url: '/webhooks/events', payload, headers: signedHeaders(secret, payload) });
      assert.equal(response.statusCode, 503);
      assert.deepEqual(response.json(), { error: 'the event could not be stored; send it again' });
      const ready = await down.inject({ url: '/readyz' });
      assert.equal(ready.statusCode, 503);
      assert.deepEqual([ready.json().ready, ready.json().postgres.ok, ready.json().temporal], [false, false, { ok: true }]);
      assert.deepEqual((await down.inject({ url: '/healthz' })).json(), { status: 'ok' });
    } finally {
      await down.close();
      await away.destroy();
    }
  });

  it('answers /healthz, and /readyz with Postgres, Temporal and each event source with its state', async () => {
    assert.deepEqual((await app.inject({ url: '/healthz' })).json(), { status: 'ok' });
    const account = await h.db('sender_accounts').where({ channel: 'email', handle: sandboxHandle('email') }).first('id');
    assert.ok(account);
    const state: EventSourceState = 'disconnected';
    await reportEventSource(h.db, { senderAccountId: String(account.id), kind: 'imap-idle', state, lastError: 'IMAP: connection reset' });
    const ready = await app.inject({ url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    const body = ready.json();
    assert.deepEqual([body.ready, body.postgres, body.temporal], [true, { ok: true }, { ok: true }]);
    const source = body.sources.find((s: { senderAccountId: string; kind: string }) => s.senderAccountId === String(account.id) && s.kind === 'imap-idle');
    assert.deepEqual([source.state, source.live, source.lastError], ['disconnected', false, 'IMAP: connection reset']);
    assert.deepEqual(body.routes, { webhook: true, linkedinGateway: true, x: false });
    await h.db('event_sources').where({ sender_account_id: account.id, kind: 'imap-idle' }).delete();
  });
});
