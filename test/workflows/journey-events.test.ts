import assert from 'node:assert/strict';
import { sandboxHandle } from '../../src/channels/sandbox';
import { reportEventSource } from '../../src/db/event-sources';
import type { SequenceGraph } from '../../src/sequences/model';
import { observeSignal, type ExternalObservation, type JourneyState } from '../../workflows/contract';
import {
  DAY,
  SIX_HOURS,
  activityRuns,
  branchTriggers,
  compileSequence,
  createLead,
  eventsOf,
  journeyRecords,
  journeyWorker,
  runChain,
  skipTo,
  startJourney,
  stateWhen,
  uniqueName,
  useJourneyHarness,
  type JourneyHandle,
} from '../support/journeys';
import { DM_THEN_NUDGE } from '../support/sequences';


const sentCount = (n: number) => (s: JourneyState) => s.sent.length === n && s.nextActionAt !== null;

describe('provider events reaching a journey by the observe signal', function () {
  this.timeout(120_000);
  const h = useJourneyHarness();

  /** Starts a journey on its own worker and runs `steer` against it while the worker runs. */
  async function steerJourney<T>(
    graph: SequenceGraph,
    steer: (handle: JourneyHandle) => Promise<T>,
    opts: { nodesPerRun?: number } = {},
  ): Promise<T & { personId: string; handle: JourneyHandle }> {
    const personId = await createLead(h.db);
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    return worker.runUntil(async () => {
      const handle = await startJourney(h, taskQueue, graph, personId, opts);
      return { ...(await steer(handle)), personId, handle };
    });
  }

  /** Moves the clock just past the journey's next scheduled action and waits until `ok` holds. */
  async function passNextAction(handle: JourneyHandle, what: string, ok: (s: JourneyState) => boolean): Promise<JourneyState> {
    const before = await stateWhen(handle, 'a scheduled next action', (s) => s.nextActionAt !== null);
    await skipTo(h.env, Date.parse(before.nextActionAt as string) + 60_000);
    return stateWhen(handle, what, ok);
  }

  async function reply(handle: JourneyHandle, o: Partial<ExternalObservation> = {}): Promise<number> {
    const at = await h.env.currentTimeMs();
    await handle.signal(observeSignal, { eventId: uniqueName('evt'), observation: 'replied', channel: 'x', at: new Date(at).toISOString(), ...o });
    return at;
  }

  /** The checkOutcomes activities of every run of the journey, from the histories. */
  async function checksOf(handle: JourneyHandle): Promise<number> {
    let checks = 0;
    for (const { runId } of await runChain(handle)) {
      checks += (await activityRuns(handle, runId)).filter((a) => a.name === 'checkOutcomes').length;
    }
    return checks;
  }

  it('takes the positive edge at once on a reply signalled during the wait, with no check after it', async () => {
    const graph = compileSequence(DM_THEN_NUDGE);
    const { personId, handle, signalledAt } = await steerJourney(graph, async (handle) => {
      await passNextAction(handle, 'dm sent', sentCount(1));
      await passNextAction(handle, 'the first check done', (s) => s.history.length > 0 && s.nextActionAt !== null);
      const signalledAt = await reply(handle);
      await handle.result();
      return { signalledAt };
    });
    const { sends, events } = await journeyRecords(h.db, graph.name, personId);
    assert.deepEqual(sends.map((s) => s.body), ['hello', 'thanks']);
    assert.deepEqual(branchTriggers(events), ['REPLIED']);
    const [branch] = eventsOf(events, 'branch_taken');
    assert.ok(branch!.occurredAt.getTime() >= signalledAt && branch!.occurredAt.getTime() < signalledAt + SIX_HOURS);
    assert.equal(await checksOf(handle), 1, 'the one check before the signal, none after it');
    assert.deepEqual(eventsOf(events, 'outcome_observed').map((e) => e.detail.via), ['signal']);
  });

  it('keeps a reply heard while an earlier node waits and takes it when CHECK_FOR_REPLY starts waiting', async () => {
    const graph = compileSequence(`
templates:
  hello: { body: "hello" }
  thanks: { body: "thanks" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
  - { id: follow, action: FOLLOW_ON_TWITTER }
  - { id: check, action: CHECK_FOR_REPLY }
  - { id: thanks, action: SEND_TWITTER_DM, template: thanks }
edges:
  - { from: dm, to: follow, trigger: NORMAL_EDGE }
  - { from: follow, to: check, trigger: FOLLOWED_BACK }
  - { from: follow, to: check, trigger: NOT_FOLLOWED_BACK, within: 1d }
  - { from: check, to: thanks, trigger: REPLIED }
  - { from: check, trigger: NOT_REPLIED, within: 1d }
  - { from: thanks, trigger: END }
`);
    const { personId, state, repliedAt } = await steerJourney(graph, async (handle) => {
      await passNextAction(handle, 'dm sent', sentCount(1));
      await passNextAction(handle, 'follow sent', (s) => s.sent.length === 2 && s.nodeId === 'follow' && s.nextActionAt !== null);
      const repliedAt = await reply(handle);
      return { repliedAt, state: await handle.result() };
    });
    assert.equal(state.heard?.kept.length, 0, 'the reply was used');
    const { sends, events } = await journeyRecords(h.db, graph.name, personId);
    assert.deepEqual(sends.map((s) => s.action), ['SEND_TWITTER_DM', 'FOLLOW_ON_TWITTER', 'SEND_TWITTER_DM']);
    assert.deepEqual(branchTriggers(events), ['NORMAL_EDGE', 'NOT_FOLLOWED_BACK', 'REPLIED']);
    const observed = eventsOf(events, 'outcome_observed').filter((e) => e.nodeId === 'check');
    assert.deepEqual(observed.map((e) => [e.detail.via, e.occurredAt.getTime()]), [['signal', repliedAt]]);
    const checkedAtCheck = eventsOf(events, 'check_done').filter((e) => e.nodeId === 'check');
    assert.deepEqual(checkedAtCheck, [], 'CHECK_FOR_REPLY took the kept reply without looking');
  });

  it('does not take a reply that came before the message the wait is for', async () => {
    const graph = compileSequence(`
templates:
  one: { body: "one" }
  two: { body: "two" }
  thanks: { body: "thanks" }
nodes:
  - { id: dm1, action: SEND_TWITTER_DM, template: one }
  - { id: dm2, action: SEND_TWITTER_DM, template: two }
  - { id: thanks, action: SEND_TWITTER_DM, template: thanks }
edges:
  - { from: dm1, to: dm2, trigger: NORMAL_EDGE }
  - { from: dm2, to: thanks, trigger: REPLIED }
  - { from: dm2, trigger: NOT_REPLIED, within: 1d }
  - { from: thanks, trigger: END }
`);
    const { personId, state } = await steerJourney(graph, async (handle) => {
      // dm2 waits for the tick after dm1's: the reply answers dm1, not dm2.
      await passNextAction(handle, 'dm1 sent, dm2 due', (s) => s.sent.length === 1 && s.nodeId === 'dm2' && s.nextActionAt !== null);
      await reply(handle);
      return { state: await handle.result() };
    });
    const { sends, events } = await journeyRecords(h.db, graph.name, personId);
    assert.deepEqual(sends.map((s) => s.body), ['one', 'two']);
    assert.deepEqual(branchTriggers(events), ['NORMAL_EDGE', 'NOT_REPLIED']);
    assert.deepEqual(eventsOf(events, 'outcome_observed'), []);
    assert.equal(eventsOf(events, 'check_done').length, 4, 'dm2 checked its 1-day window tick by tick');
    assert.deepEqual(state.heard?.kept.map((o) => o.observation), ['replied'], 'kept, unused, until no wait can take it');
  });

  for (const nodesPerRun of [100, 1]) {
    it(`takes an event id once${nodesPerRun === 1 ? ', also after continue-as-new' : ''}`, async () => {
      const graph = compileSequence(`
templates:
  one: { body: "one" }
  two: { body: "two" }
nodes:
  - { id: dm1, action: SEND_TWITTER_DM, template: one }
  - { id: dm2, action: SEND_TWITTER_DM, template: two }
edges:
  - { from: dm1, to: dm2, trigger: REPLIED }
  - { from: dm1, trigger: NOT_REPLIED, within: 3d }
  - { from: dm2, trigger: REPLIED }
  - { from: dm2, trigger: NOT_REPLIED, within: 1d }
`);
      const eventId = uniqueName('evt');
      const { personId, state } = await steerJourney(
        graph,
        async (handle) => {
          await passNextAction(handle, 'dm1 sent', sentCount(1));
          await reply(handle, { eventId });
          await passNextAction(handle, 'dm2 sent', (s) => s.sent.length === 2 && s.nodeId === 'dm2' && s.nextActionAt !== null);
          // Delivered again (the ingest sweeper, say) after dm2 went out: the journey took it already.
          await reply(handle, { eventId });
          return { state: await handle.result() };
        },
        { nodesPerRun },
      );
      if (nodesPerRun === 1) assert.ok(state.run > 1, `continued as new (run ${state.run})`);
      assert.deepEqual(state.heard?.eventIds.filter((id) => id === eventId), [eventId]);
      assert.deepEqual(
        state.history.filter((s) => s.what === 'signal ignored').map((s) => [s.nodeId, s.detail]),
        [['dm2', 'event already taken']],
      );
      const { sends, events } = await journeyRecords(h.db, graph.name, personId);
      assert.deepEqual(sends.map((s) => s.body), ['one', 'two']);
      assert.deepEqual(branchTriggers(events), ['REPLIED', 'NOT_REPLIED']);
    });
  }

  describe('with a live event source on the sender account', () => {
    const ONE_DM = `
templates:
  hello: { body: "hello" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
edges:
  - { from: dm, trigger: REPLIED, within: 3d }
  - { from: dm, trigger: NOT_REPLIED }
`;
    let xAccount: string;
    before(async () => {
      const row = await h.db('sender_accounts').where({ handle: sandboxHandle('x') }).first('id');
      xAccount = String(row!.id);
    });
    afterEach(async () => {
      await h.db('event_sources').where({ sender_account_id: xAccount }).delete();
    });

    async function oneDm() {
      const graph = compileSequence(ONE_DM);
      const { handle, personId } = await steerJourney(graph, async (handle) => ({ state: await handle.result() }));
      const records = await journeyRecords(h.db, graph.name, personId);
      return { ...records, handle, checks: await checksOf(handle), triggers: branchTriggers(records.events) };
    }

    it('checks once per window, at its close, where without one it checks on every tick', async () => {
      const polled = await oneDm();
      assert.equal(polled.checks, 12, 'a check on every 6-hour tick of the 3-day window');
      await reportEventSource(h.db, { senderAccountId: xAccount, kind: 'webhook', state: 'configured' });
      const heard = await oneDm();
      assert.equal(heard.checks, 1, 'one reconciliation check');
      assert.deepEqual(heard.triggers, ['NOT_REPLIED']);
      // The first send is where the journey learns of the source: it rewrites its next action once, to the close.
      const activities = (await activityRuns(heard.handle)).map((a) => a.name);
      assert.deepEqual(activities, ['beginJourney', 'takeSendSlot', 'sendAction', 'recordJourney', 'checkOutcomes', 'recordJourney']);
      const [checked] = eventsOf(heard.events, 'check_done');
      assert.equal(checked!.occurredAt.getTime(), heard.sends[0]!.sentAt.getTime() + 3 * DAY, "at the window's close");
    });

    it('lets CHECK_FOR_REPLY take its own look, then check again only at the close', async () => {
      await reportEventSource(h.db, { senderAccountId: xAccount, kind: 'webhook', state: 'configured' });
      const graph = compileSequence(`
templates:
  hello: { body: "hello" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
  - { id: check, action: CHECK_FOR_REPLY }
edges:
  - { from: dm, to: check, trigger: NORMAL_EDGE }
  - { from: check, trigger: REPLIED, within: 2d }
  - { from: check, trigger: NOT_REPLIED }
`);
      const { personId, handle } = await steerJourney(graph, async (handle) => ({ state: await handle.result() }));
      const { events } = await journeyRecords(h.db, graph.name, personId);
      const looks = eventsOf(events, 'check_done').map((e) => e.occurredAt.getTime());
      assert.equal(looks.length, 2, 'its look, then the reconciliation, where polling would look 9 times');
      assert.equal(looks[1]! - looks[0]!, 2 * DAY);
      assert.equal(await checksOf(handle), 2);
    });

    it('still ends the wait at once on a signalled reply, without checking', async () => {
      await reportEventSource(h.db, { senderAccountId: xAccount, kind: 'webhook', state: 'configured' });
      const graph = compileSequence(DM_THEN_NUDGE);
      const { personId, handle } = await steerJourney(graph, async (handle) => {
        await passNextAction(handle, 'dm sent', sentCount(1));
        const waiting = await stateWhen(handle, 'waiting for the close', (s) => s.heard?.liveChannels.includes('x') === true && sentCount(1)(s));
        assert.equal(waiting.nextActionAt, new Date(Date.parse(waiting.sent[0]!.sentAt) + 3 * DAY).toISOString());
        await h.env.sleep('1 day');
        await reply(handle);
        return { state: await handle.result() };
      });
      const { sends, events } = await journeyRecords(h.db, graph.name, personId);
      assert.deepEqual(sends.map((s) => s.body), ['hello', 'thanks']);
      assert.deepEqual(branchTriggers(events), ['REPLIED']);
      assert.equal(await checksOf(handle), 0);
    });
  });
});
