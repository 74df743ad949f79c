import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildIngestApp } from '../../src/ingest/app';
import { silentLog } from '../../src/ingest/log';
import { buildReport } from '../../src/reports/build';
import { identifierHash } from '../../src/suppression/identifier';
import { cachedSuppressionKey } from '../../src/suppression/key';
import type { SequenceGraph } from '../../src/sequences/model';
import { SUPPRESSED_END_REASON, type JourneyState } from '../../workflows/contract';
import {
  branchTriggers,
  compileSequence,
  createLead,
  DAY,
  eventsOf,
  journeyRecords,
  journeyWorker,
  resultsInTurn,
  skipTo,
  startJourney,
  stateWhen,
  uniqueName,
  uniqueXHandle,
  useJourneyHarness,
  type JourneyHandle,
} from '../support/journeys';
import { DM_THEN_NUDGE, EMAIL_THEN_NUDGE } from '../support/sequences';
import { signedHeaders, webhookSecret } from '../support/webhooks';


describe('the ingest service: what a reply means', function () {
  this.timeout(180_000);
  const h = useJourneyHarness();
  const secret = webhookSecret();
  const gatewaySecret = webhookSecret();
  let app: FastifyInstance;
  let settled: () => Promise<void>;
  /** The journeys' clock runs ahead of the real one once time is skipped: events are dated on theirs. */
  let aheadMs = 0;
  const now = () => new Date(Date.now() + aheadMs);

  before(() => {
    const ingest = buildIngestApp({
      db: h.db,
      temporal: h.env.client,
      log: silentLog,
      clock: now,
      secrets: { webhook: secret, linkedinGateway: gatewaySecret },
      checkTemporal: async () => {},
    });
    app = ingest.app;
    settled = () => ingest.inFlight.settled();
  });
  after(() => app.close());

  async function post(path: string, body: unknown, id = `msg_${randomUUID()}`): Promise<string> {
    const payload = JSON.stringify(body);
    const response = await app.inject({ method: 'POST', url: path, payload, headers: signedHeaders(path === '/linkedin/events' ? gatewaySecret : secret, payload, { id }) });
    assert.equal(response.statusCode, 200, response.body);
    await settled();
    return id;
  }
  const rowOf = async (providerEventId: string) => (await h.db('inbound_events').where({ provider_event_id: providerEventId }))[0];

  /**
   * Starts one journey per graph for one person and lets each send its first message; `steer` runs while
   * the worker runs; then every journey runs to its end.
   */
  async function withJourneys<T>(
    graphs: SequenceGraph[],
    steer: (person: { personId: string; email: string; xHandle: string; handles: JourneyHandle[] }) => Promise<T>,
  ): Promise<{ result: T; states: JourneyState[]; personId: string }> {
    const email = `${uniqueName('ada')}@example.test`;
    const xHandle = uniqueXHandle();
    const personId = await createLead(h.db, { person: { email, xHandle } });
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    return worker.runUntil(async () => {
      const handles: JourneyHandle[] = [];
      for (const graph of graphs) handles.push(await startJourney(h, taskQueue, graph, personId));
      for (const handle of handles) {
        const before = await stateWhen(handle, 'a scheduled send', (s) => s.nextActionAt !== null);
        await skipTo(h.env, Date.parse(before.nextActionAt as string) + 60_000);
        await stateWhen(handle, 'the first message sent', (s) => s.sent.length === 1 && s.nextActionAt !== null);
      }
      aheadMs = (await h.env.currentTimeMs()) - Date.now();
      const result = await steer({ personId, email, xHandle, handles });
      return { result, states: await resultsInTurn(handles), personId };
    });
  }

  const emailReply = (from: string, data: Record<string, unknown>) => ({ type: 'email.reply.received', timestamp: now().toISOString(), data: { from, ...data } });

  it('suppresses the person on "please remove me" and ends their journeys on every channel', async () => {
    const email = compileSequence(EMAIL_THEN_NUDGE);
    const dm = compileSequence(DM_THEN_NUDGE);
    let eventId = '';
    const { states, personId, result: address } = await withJourneys([email, dm], async (person) => {
      const id = await post('/webhooks/events', emailReply(person.email, { text: 'Please remove me from your list.\n\nOn Mon, Ada wrote:\n> hello', subject: 'Re: Hello' }));
      const row = await rowOf(id);
      eventId = String(row.id);
      assert.equal(row.resolution, 'opted-out');
      assert.deepEqual(row.meaning, { kind: 'opt_out', phrase: 'remove me from' });
      assert.equal(row.text, 'Please remove me from your list.\n\nOn Mon, Ada wrote:\n> hello', 'the text is the event row\'s');
      return person.email;
    });
    assert.deepEqual(states.map((s) => [s.status, s.endReason]), [['cancelled', SUPPRESSED_END_REASON], ['cancelled', SUPPRESSED_END_REASON]]);
    const { sends } = await journeyRecords(h.db, email.name, personId);
    assert.deepEqual(sends.map((s) => [s.channel, s.body]).sort(), [['email', 'hello'], ['x', 'hello']], 'nothing sent after the opt-out, on any channel');
    const key = await cachedSuppressionKey(h.db);
    const suppression = await h.db('suppressions').where({ identifier_hash: identifierHash(key, { kind: 'email', value: address }) }).first();
    assert.deepEqual([suppression?.scope, suppression?.reason, suppression?.source], ['global', 'replied_opt_out', `inbound-event:${eventId}`]);
  });

  it('suppresses on "Bitte austragen." in an X DM, and on a LinkedIn opt-out from somebody no journey knows yet', async () => {
    const dm = compileSequence(DM_THEN_NUDGE);
    const { states } = await withJourneys([dm], async (person) => {
      const id = await post('/webhooks/events', { type: 'x.dm.received', timestamp: now().toISOString(), data: { from: { username: person.xHandle }, text: 'Bitte austragen.' } });
      assert.equal((await rowOf(id)).resolution, 'opted-out');
    });
    assert.deepEqual([states[0]?.status, states[0]?.endReason], ['cancelled', SUPPRESSED_END_REASON]);

    const profileUrl = `https://www.linkedin.com/in/${uniqueName('stranger')}`;
    const id = await post('/linkedin/events', { type: 'message.received', timestamp: now().toISOString(), data: { account: 'nobody', profileUrl, messageId: randomUUID(), text: 'Not interested, please stop.' } });
    const row = await rowOf(id);
    assert.deepEqual([row.resolution, row.person_id], ['opted-out', null]);
    const suppressed = await h.db('suppressions').where({ source: `inbound-event:${row.id}` }).first();
    assert.deepEqual([suppressed?.identifier_kind, suppressed?.scope, suppressed?.reason], ['linkedin', 'global', 'replied_opt_out']);
  });

  it('takes an out-of-office note with a return day as no reply, and holds the next message until that day', async () => {
    const graph = compileSequence(EMAIL_THEN_NUDGE);
    let returnAt = 0;
    const { states, personId } = await withJourneys([graph], async (person) => {
      const back = new Date(now().getTime() + 10 * DAY);
      const day = back.toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
      returnAt = Date.UTC(back.getUTCFullYear(), back.getUTCMonth(), back.getUTCDate());
      const id = await post(
        '/webhooks/events',
        emailReply(person.email, { subject: 'Automatic reply: Hello', headers: { 'auto-submitted': 'auto-replied' }, text: `I am out of the office until ${day} with limited access to email.` }),
      );
      const row = await rowOf(id);
      assert.deepEqual([row.resolution, row.journeys_signalled], ['out-of-office', 1]);
      assert.deepEqual(row.meaning, { kind: 'out_of_office', returnAt: new Date(returnAt).toISOString() });
      await stateWhen(person.handles[0]!, 'the deferral', (s) => s.deferredUntil === new Date(returnAt).toISOString());
    });
    assert.equal(states[0]?.status, 'completed');
    const { events, sends } = await journeyRecords(h.db, graph.name, personId);
    assert.deepEqual(branchTriggers(events), ['NOT_REPLIED'], 'an out-of-office note is no reply');
    assert.deepEqual(sends.map((s) => s.body), ['hello', 'nudge']);
    const nudged = eventsOf(events, 'action_sent').find((e) => e.nodeId === 'nudge');
    assert.ok(nudged && nudged.occurredAt.getTime() >= returnAt, `the nudge went ${nudged?.occurredAt.toISOString()}, before the return day ${new Date(returnAt).toISOString()}`);
    assert.ok(states[0]?.history.some((step) => step.what === 'send deferred'));
  });

  it('takes an auto-submitted answer as no reply: the journey waits out its window', async () => {
    const graph = compileSequence(EMAIL_THEN_NUDGE);
    const { personId } = await withJourneys([graph], async (person) => {
      const id = await post('/webhooks/events', emailReply(person.email, { headers: { 'auto-submitted': 'auto-replied' }, text: 'Thank you for your message. We will get back to you.' }));
      const row = await rowOf(id);
      assert.deepEqual([row.resolution, row.journeys_signalled, row.meaning], ['not-a-reply', 0, { kind: 'automatic' }]);
    });
    const { events, sends } = await journeyRecords(h.db, graph.name, personId);
    assert.deepEqual(branchTriggers(events), ['NOT_REPLIED']);
    assert.deepEqual(sends.map((s) => s.body), ['hello', 'nudge']);
  });

  it('takes a positive reply as REPLIED, and the report counts it as a positive reply', async () => {
    const graph = compileSequence(DM_THEN_NUDGE);
    const { personId } = await withJourneys([graph], async (person) => {
      const id = await post('/webhooks/events', { type: 'x.dm.received', timestamp: now().toISOString(), data: { from: { username: person.xHandle }, text: "Sounds great, let's set up a call next week." } });
      const row = await rowOf(id);
      assert.deepEqual([row.resolution, row.meaning], ['delivered', { kind: 'human', sentiment: 'positive' }]);
    });
    const { events, sends } = await journeyRecords(h.db, graph.name, personId);
    assert.deepEqual(branchTriggers(events), ['REPLIED']);
    assert.equal(eventsOf(events, 'outcome_observed')[0]?.detail.positive, true);
    assert.deepEqual(sends.map((s) => s.body), ['hello', 'thanks']);
    const report = await buildReport(h.db, graph.name);
    assert.deepEqual([report.versions[0]?.all.replies, report.versions[0]?.all.positiveReplies], [1, 1]);
  });

  it('takes a reply that is not positive as REPLIED, not counted positive', async () => {
    const graph = compileSequence(EMAIL_THEN_NUDGE);
    const { personId } = await withJourneys([graph], async (person) => {
      await post('/webhooks/events', emailReply(person.email, { text: 'What does it cost?' }));
    });
    const { events } = await journeyRecords(h.db, graph.name, personId);
    assert.deepEqual(branchTriggers(events), ['REPLIED']);
    assert.equal(eventsOf(events, 'outcome_observed')[0]?.detail.positive, false);
    const report = await buildReport(h.db, graph.name);
    assert.deepEqual([report.versions[0]?.all.replies, report.versions[0]?.all.positiveReplies], [1, 0]);
  });

  it('refuses a reply text over its bound, naming the field', async () => {
    const payload = JSON.stringify(emailReply('ada@example.test', { text: 'x'.repeat(50_001) }));
    const response = await app.inject({ method: 'POST', url: '/webhooks/events', payload, headers: signedHeaders(secret, payload) });
    assert.equal(response.statusCode, 400);
    assert.match(response.json().error, /^body\/data\/text must NOT have more than 50000 characters/);
  });
});
