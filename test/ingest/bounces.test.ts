import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { listEvents } from '../../src/db/events';
import { getSenderAccount, upsertSenderAccount, type SenderAccount } from '../../src/db/senderAccounts';
import { publishSequenceVersion } from '../../src/db/sequences';
import { startJourneys } from '../../src/client/start-journeys';
import { SANDBOX_PROVIDER } from '../../src/channels/sandbox';
import { buildIngestApp, type IngestApp } from '../../src/ingest/app';
import { silentLog } from '../../src/ingest/log';
import type { BouncePolicy } from '../../src/senders/bounce-policy';
import { suppressionOf } from '../../src/suppression/check';
import { cachedSuppressionKey } from '../../src/suppression/key';
import { journeyStateQuery, journeyWorkflowId, type JourneyState } from '../../workflows/contract';
import { isTerminal } from '../../workflows/vocabulary';
import { DAY, compileSequence, createLead, journeyHandle, journeyWorker, skipTo, stateWhen, uniqueName, useJourneyHarness } from '../support/journeys';
import { DM_THEN_NUDGE, EMAIL_THEN_NUDGE } from '../support/sequences';
import { signedHeaders, webhookSecret } from '../support/webhooks';

/** Small enough to reach with a handful of journeys; the shape of the defaults (docs/bounces.md). */
const POLICY: BouncePolicy = { softBounceLimit: 3, softBouncePeriodMs: 7 * DAY, maxHardBounceRate: 0.05, rateWindowSends: 20, rateMinSends: 20 };

describe('bounces and complaints from an ESP (the signed webhook, the pipeline, journeys)', function () {
  this.timeout(180_000);
  const h = useJourneyHarness();
  const secret = webhookSecret();
  const alerts: { account: string; reason: string }[] = [];
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
      bounces: POLICY,
      alertSenderStopped: (account, reason) => void alerts.push({ account: account.handle, reason }),
      secrets: { webhook: secret },
      checkTemporal: () => h.env.client.connection.workflowService.getSystemInfo({}),
    });
    app = ingest.app;
  });
  after(() => app.close());

  async function post(type: 'email.bounced' | 'email.complained', data: Record<string, unknown>, opts: { at?: Date; id?: string } = {}) {
    const payload = JSON.stringify({ type, timestamp: (opts.at ?? now()).toISOString(), data });
    const response = await app.inject({ method: 'POST', url: '/webhooks/events', payload, headers: signedHeaders(secret, payload, opts.id ? { id: opts.id } : {}) });
    assert.equal(response.statusCode, 200, response.body);
    await ingest.inFlight.settled();
    return response.json() as { stored: boolean };
  }

  /**
   * Starts each sequence for its persons and runs one worker until `steer` returns, called once every journey
   * has made its first send with the sequences' names; journeys still running after it go on to their end.
   */
  async function withSentJourneys<T>(plans: { yaml: string; personIds: string[] }[], steer: (sequences: string[]) => Promise<T>): Promise<T> {
    const graphs = plans.map((p) => compileSequence(p.yaml));
    for (const graph of graphs) await publishSequenceVersion(h.db, graph, JSON.stringify(graph));
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    return worker.runUntil(async () => {
      const handles = [];
      for (const [i, graph] of graphs.entries()) {
        const personIds = plans[i]!.personIds;
        await startJourneys(h.env.client, h.db, { sequenceName: graph.name, personIds, taskQueue });
        handles.push(...personIds.map((id) => journeyHandle(h, graph.name, id)));
      }
      const first = await stateWhen(handles[0]!, 'a scheduled first send', (s) => s.nextActionAt !== null);
      await skipTo(h.env, Date.parse(first.nextActionAt as string) + 60_000);
      for (const handle of handles) await stateWhen(handle, 'the first send', (s) => s.sent.length === 1 && s.nextActionAt !== null);
      aheadMs = (await h.env.currentTimeMs()) - Date.now();
      try {
        return await steer(graphs.map((g) => g.name));
      } finally {
        // Each journey runs to its end here, on the worker, one at a time: concurrent result() calls unbalance the
        // test server's time-skipping lock, and a journey left behind holds its clock for the tests after.
        for (const handle of handles) await handle.result();
      }
    });
  }

  const finalState = (sequence: string, personId: string): Promise<JourneyState> =>
    stateWhen(journeyHandle(h, sequence, personId), 'the journey ended', (s) => isTerminal(s.status));

  async function sentMessageId(sequence: string, personId: string): Promise<string> {
    const sent = (await listEvents(h.db, journeyWorkflowId(sequence, personId))).find((e) => e.type === 'action_sent');
    return sent?.providerId as string;
  }

  const reportOf = (webhookId: string) =>
    h.db('bounce_reports as b').join('inbound_events as i', 'i.id', 'b.inbound_event_id').where('i.provider_event_id', webhookId).first('b.kind', 'b.status', 'b.outcome', 'b.journeys_ended', 'b.sender_account_id');

  it('suppresses a hard-bounced address on email and ends its email journeys; its X journey goes on; a repeat counts once', async () => {
    const email = `${uniqueName('bea')}@example.test`;
    const personId = await createLead(h.db, { person: { email } });
    const webhookId = `msg_${randomUUID()}`;
    const plans = [{ yaml: EMAIL_THEN_NUDGE, personIds: [personId] }, { yaml: DM_THEN_NUDGE, personIds: [personId] }];
    const [ended, dm, mails] = await withSentJourneys(plans, async ([mails, dms]) => {
      const messageId = await sentMessageId(mails!, personId);
      assert.deepEqual(await post('email.bounced', { recipient: email.toUpperCase(), messageId, kind: 'hard' }, { id: webhookId }), { received: true, stored: true });
      assert.deepEqual(await post('email.bounced', { recipient: email, messageId, kind: 'hard' }, { id: webhookId }), { received: true, stored: false });
      return [await finalState(mails!, personId), await journeyHandle(h, dms!, personId).query(journeyStateQuery), mails!] as const;
    });

    assert.deepEqual([ended.status, ended.endReason, ended.sent.length], ['cancelled', 'suppressed', 1]);
    assert.equal(dm.status, 'waiting', 'a bounce says nothing about the person on X');
    const key = await cachedSuppressionKey(h.db);
    const held = await suppressionOf(h.db, key, personId, { channel: 'email' });
    assert.deepEqual([held?.reason, held?.scope, held?.source.startsWith('inbound-event:')], ['bounced', { scope: 'channel', channel: 'email' }, true]);
    assert.equal(await suppressionOf(h.db, key, personId, { channel: 'x' }), undefined);
    const report = await reportOf(webhookId);
    assert.deepEqual([report.kind, report.status, report.outcome, report.journeys_ended], ['hard', 'hard', 'suppressed', 1]);
    const sent = (await listEvents(h.db, journeyWorkflowId(mails, personId))).find((e) => e.type === 'action_sent');
    assert.equal(String(report.sender_account_id), sent?.senderAccountId, 'the account of the message it names');
  });

  it(`suppresses at the ${POLICY.softBounceLimit}rd soft bounce within 7 days, not before; older ones do not count`, async () => {
    const email = `${uniqueName('sol')}@example.test`;
    const personId = await createLead(h.db, { person: { email } });
    const ids = [0, 1, 2, 3].map(() => `msg_${randomUUID()}`);
    const [held, ended, sequence] = await withSentJourneys([{ yaml: EMAIL_THEN_NUDGE, personIds: [personId] }], async ([sequence]) => {
      const at = (daysAgo: number) => new Date(now().getTime() - daysAgo * DAY);
      const key = await cachedSuppressionKey(h.db);
      const held: (string | undefined)[] = [];
      for (const [i, daysAgo] of [9, 5, 2, 0].entries()) {
        await post('email.bounced', { recipient: email, kind: 'soft' }, { id: ids[i]!, at: at(daysAgo) });
        held.push((await suppressionOf(h.db, key, personId, { channel: 'email' }))?.reason);
      }
      return [held, await finalState(sequence!, personId), sequence!] as const;
    });
    assert.deepEqual(held, [undefined, undefined, undefined, 'bounced'], 'the one 9 days before the last is outside the period');
    const reports = await Promise.all(ids.map(reportOf));
    assert.deepEqual(reports.map((r) => [r.kind, r.outcome]), [['soft', 'counted'], ['soft', 'counted'], ['soft', 'counted'], ['soft', 'suppressed']]);
    assert.deepEqual([ended.status, ended.endReason], ['cancelled', 'suppressed']);
    assert.equal((await reportOf(ids[3]!)).journeys_ended, 1, sequence);
  });

  it('suppresses a complaint globally: every journey of the person ends, on every channel; others go on', async () => {
    const email = `${uniqueName('cole')}@example.test`;
    const personId = await createLead(h.db, { person: { email } });
    const bystander = await createLead(h.db);
    const webhookId = `msg_${randomUUID()}`;
    const plans = [{ yaml: EMAIL_THEN_NUDGE, personIds: [personId, bystander] }, { yaml: DM_THEN_NUDGE, personIds: [personId] }];
    const [mail, dm, other] = await withSentJourneys(plans, async ([mails, dms]) => {
      await post('email.complained', { recipient: email, messageId: await sentMessageId(mails!, personId) }, { id: webhookId });
      return [await finalState(mails!, personId), await finalState(dms!, personId), await journeyHandle(h, mails!, bystander).query(journeyStateQuery)] as const;
    });
    assert.deepEqual([mail.status, mail.endReason, dm.status, dm.endReason], ['cancelled', 'suppressed', 'cancelled', 'suppressed']);
    assert.equal(other.status, 'waiting');
    const key = await cachedSuppressionKey(h.db);
    const held = await suppressionOf(h.db, key, personId);
    assert.deepEqual([held?.reason, held?.scope], ['complained', { scope: 'global' }]);
    assert.equal(await suppressionOf(h.db, key, bystander), undefined);
    const report = await reportOf(webhookId);
    assert.deepEqual([report.kind, report.outcome, report.journeys_ended], ['complaint', 'suppressed', 2]);
  });

  describe(`a sender account over ${POLICY.maxHardBounceRate * 100} % hard bounces of its last ${POLICY.rateWindowSends} sends`, () => {
    let account: SenderAccount;
    before(async () => {
      const id = await upsertSenderAccount(h.db, {
        channel: 'email',
        provider: SANDBOX_PROVIDER,
        handle: `bouncy-${randomUUID().slice(0, 8)}@outreach.example.com`,
        hourlyCap: 10_000,
        dailyCap: 100_000,
        minIntervalMs: 0,
        burst: 100,
        status: 'active',
      });
      account = (await getSenderAccount(h.db, id)) as SenderAccount;
    });

    it('is paused with the reason at the bounce that takes it over, and alerted once', async () => {
      const emails = Array.from({ length: POLICY.rateWindowSends }, () => `${uniqueName('rae')}@example.test`);
      const personIds = await Promise.all(emails.map((email) => createLead(h.db, { person: { email } })));
      await h.db('sender_assignments').insert(personIds.map((person_id) => ({ person_id, channel: 'email', sender_account_id: account.id, assigned_at: h.db.fn.now() })));
      const statuses = await withSentJourneys([{ yaml: EMAIL_THEN_NUDGE, personIds }], async ([sequence]) => {
        const seen: string[] = [];
        for (const [i, personId] of personIds.slice(0, 3).entries()) {
          await post('email.bounced', { recipient: emails[i], messageId: await sentMessageId(sequence!, personId), kind: 'hard' });
          seen.push(((await getSenderAccount(h.db, account.id)) as SenderAccount).status);
        }
        // Resumed, so that its journeys go on to their end instead of waiting.
        await h.db('sender_accounts').where({ id: account.id }).update({ status: 'active' });
        return seen;
      });
      assert.deepEqual(statuses, ['active', 'paused', 'paused'], '1 of 20 is 5 %, not over it; 2 of 20 is');
      const paused = (await getSenderAccount(h.db, account.id)) as SenderAccount;
      assert.equal(paused.statusReason, 'hard-bounce rate 10% (2 of the last 20 sends), over the limit of 5%: clean the list, then `outreach sender resume`');
      assert.deepEqual(alerts.filter((a) => a.account === account.handle), [{ account: account.handle, reason: paused.statusReason }]);
    });
  });
});
