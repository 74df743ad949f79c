import assert from 'node:assert/strict';
import { CancelledFailure, WorkflowFailedError } from '@temporalio/client';
import type { SandboxScript } from '../../src/channels/sandbox-script';
import { getEnrollment } from '../../src/db/enrollments';
import { listSandboxSends } from '../../src/db/sandbox';
import {
  cancelSignal,
  journeyStateQuery,
  observeSignal,
  pauseSignal,
  resumeSignal,
  type JourneyState,
} from '../../workflows/contract';
import { tickAtOrAfter } from '../../workflows/ticks';
import {
  HOUR,
  SIX_HOURS,
  compileSequence,
  createLead,
  eventsOf,
  eventually,
  journeyRecords,
  journeyWorker,
  skipTo,
  startJourney,
  stateWhen,
  uniqueName,
  useJourneyHarness,
  type JourneyHandle,
} from '../support/journeys';
import { DM_THEN_NUDGE } from '../support/sequences';

function threeDms() {
  return compileSequence(`
templates:
  one: { body: "one" }
  two: { body: "two" }
  three: { body: "three" }
nodes:
  - { id: dm1, action: SEND_TWITTER_DM, template: one }
  - { id: dm2, action: SEND_TWITTER_DM, template: two }
  - { id: dm3, action: SEND_TWITTER_DM, template: three }
edges:
  - { from: dm1, to: dm2, trigger: NORMAL_EDGE }
  - { from: dm2, to: dm3, trigger: NORMAL_EDGE }
  - { from: dm3, trigger: END }
`);
}

describe('journey signals', function () {
  this.timeout(60_000);
  const h = useJourneyHarness();

  /** Starts a journey on its own worker and runs `steer` against it while the worker runs. */
  async function steerJourney<T>(
    graph: ReturnType<typeof threeDms>,
    steer: (handle: JourneyHandle, personId: string) => Promise<T>,
    script?: SandboxScript,
  ): Promise<T> {
    const personId = await createLead(h.db, script ? { script } : {});
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    return worker.runUntil(async () => steer(await startJourney(h, taskQueue, graph, personId), personId));
  }

  /** Moves the clock just past the journey's next scheduled action and waits until `ok` holds. */
  async function passNextAction(handle: JourneyHandle, what: string, ok: (s: JourneyState) => boolean): Promise<JourneyState> {
    const before = await stateWhen(handle, 'a scheduled next action', (s) => s.nextActionAt !== null);
    await skipTo(h.env, Date.parse(before.nextActionAt as string) + 60_000);
    return stateWhen(handle, what, ok);
  }

  const sentOnce = (s: JourneyState) => s.sent.length === 1 && s.nodeId === 'dm2' && s.nextActionAt !== null;

  it('sends nothing while paused, even across many ticks, and resumes on the next tick boundary', async () => {
    const graph = threeDms();
    const { workflowId, personId, state } = await steerJourney(graph, async (handle, personId) => {
      await passNextAction(handle, 'dm1 sent', sentOnce);
      await handle.signal(pauseSignal, 'holiday');

      await stateWhen(handle, 'paused', (s) => s.status === 'paused');
      await eventually('enrollment paused', async () => (await getEnrollment(h.db, handle.workflowId))?.status === 'paused');
      await h.env.sleep('2 days');

      assert.equal((await listSandboxSends(h.db, personId)).length, 1);
      const stillPaused = await handle.query(journeyStateQuery);
      assert.equal(stillPaused.status, 'paused');
      assert.equal(stillPaused.nodeId, 'dm2');
      assert.equal((await getEnrollment(h.db, handle.workflowId))?.status, 'paused');

      await handle.signal(resumeSignal);
      return { workflowId: handle.workflowId, personId, state: await handle.result() };
    });

    assert.equal(state.status, 'completed');
    const { sends, events, enrollment } = await journeyRecords(h.db, graph.name, personId);
    assert.equal(enrollment.workflowId, workflowId);
    assert.deepEqual(sends.map((s) => s.body), ['one', 'two', 'three']);
    const [pausedEvent] = eventsOf(events, 'journey_paused');
    const [resumedEvent] = eventsOf(events, 'journey_resumed');
    const resumedAt = resumedEvent!.occurredAt.getTime();
    assert.ok(resumedAt - pausedEvent!.occurredAt.getTime() >= 2 * 24 * HOUR);

    const [one, two, three] = sends.map((s) => s.sentAt.getTime());
    assert.ok(two! >= resumedAt, 'dm2 went out after the resume');
    assert.equal(two, tickAtOrAfter(resumedAt, SIX_HOURS), 'dm2 on the first tick at or after the resume');
    assert.equal(three! - two!, SIX_HOURS);
    assert.ok(two! - one! > 2 * 24 * HOUR);
    assert.deepEqual(
      state.history.filter((s) => s.what === 'paused' || s.what === 'resumed').map((s) => [s.what, s.nodeId]),
      [['paused', 'dm2'], ['resumed', 'dm2']],
    );
  });

  it('pauses a journey waiting for a reply without checking or branching until resumed', async () => {
    const graph = compileSequence(`
templates:
  hello: { body: "hello" }
  nudge: { body: "nudge" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
  - { id: nudge, action: SEND_TWITTER_DM, template: nudge }
edges:
  - { from: dm, trigger: REPLIED }
  - { from: dm, to: nudge, trigger: NOT_REPLIED, within: 1d }
  - { from: nudge, trigger: END }
`);
    const { personId, state } = await steerJourney(graph, async (handle, personId) => {
      await passNextAction(handle, 'dm sent', (s) => s.sent.length === 1 && s.status === 'waiting' && s.nextActionAt !== null);
      await handle.signal(pauseSignal);
      await eventually('enrollment paused', async () => (await getEnrollment(h.db, handle.workflowId))?.status === 'paused');
      await h.env.sleep('3 days');
      assert.deepEqual((await listSandboxSends(h.db, personId)).map((s) => s.body), ['hello']);
      const records = await journeyRecords(h.db, graph.name, personId);
      assert.deepEqual(eventsOf(records.events, 'check_done'), []);
      assert.deepEqual(eventsOf(records.events, 'branch_taken'), []);
      await handle.signal(resumeSignal);
      return { personId, state: await handle.result() };
    });
    assert.equal(state.status, 'completed');
    const { sends } = await journeyRecords(h.db, graph.name, personId);
    assert.deepEqual(sends.map((s) => s.body), ['hello', 'nudge']);
    for (const send of sends) assert.equal(send.sentAt.getTime() % SIX_HOURS, 0, `${send.body} at ${send.sentAt.toISOString()}`);
  });

  it('ends the journey as cancelled on the cancel signal; the workflow run completes', async () => {
    const graph = threeDms();
    const { personId, state, status } = await steerJourney(graph, async (handle, personId) => {
      await passNextAction(handle, 'dm1 sent', sentOnce);
      await handle.signal(cancelSignal, 'asked us to stop');
      const state = await handle.result();
      return { personId, state, status: (await handle.describe()).status.name };
    });

    assert.equal(status, 'COMPLETED');
    assert.equal(state.status, 'cancelled');
    assert.equal(state.endReason, 'asked us to stop');
    const { sends, events, enrollment } = await journeyRecords(h.db, graph.name, personId);
    assert.deepEqual(sends.map((s) => s.body), ['one']);
    assert.equal(enrollment.status, 'cancelled');
    assert.equal(enrollment.endReason, 'asked us to stop');
    assert.ok(enrollment.endedAt);
    const [ended] = eventsOf(events, 'journey_ended');
    assert.deepEqual(ended!.detail, { status: 'cancelled', reason: 'asked us to stop' });
  });

  it('cancels a paused journey without resuming it', async () => {
    const graph = threeDms();
    const { personId, state } = await steerJourney(graph, async (handle, personId) => {
      await handle.signal(pauseSignal);
      await eventually('enrollment paused', async () => (await getEnrollment(h.db, handle.workflowId))?.status === 'paused');
      await h.env.sleep('1 day');
      await handle.signal(cancelSignal);
      return { personId, state: await handle.result() };
    });
    assert.equal(state.status, 'cancelled');
    assert.equal(state.endReason, 'cancelled by signal');
    const { sends, enrollment, events } = await journeyRecords(h.db, graph.name, personId);
    assert.deepEqual(sends, []);
    assert.equal(enrollment.status, 'cancelled');
    assert.deepEqual(eventsOf(events, 'journey_resumed'), []);
  });

  it("records the enrollment as cancelled when the workflow itself is cancelled through Temporal", async () => {
    const graph = threeDms();
    const { personId, error, status } = await steerJourney(graph, async (handle, personId) => {
      await passNextAction(handle, 'dm1 sent', sentOnce);
      await handle.cancel();
      const error = await handle.result().then(
        () => undefined,
        (e: unknown) => e,
      );
      return { personId, error, status: (await handle.describe()).status.name };
    });

    assert.ok(error instanceof WorkflowFailedError, `expected WorkflowFailedError, got ${String(error)}`);
    assert.ok(error.cause instanceof CancelledFailure);
    assert.equal(status, 'CANCELLED');
    const { sends, enrollment, events } = await journeyRecords(h.db, graph.name, personId);
    assert.deepEqual(sends.map((s) => s.body), ['one']);
    assert.equal(enrollment.status, 'cancelled');
    assert.equal(enrollment.endReason, 'workflow cancelled');
    const [ended] = eventsOf(events, 'journey_ended');
    assert.deepEqual(ended!.detail, { status: 'cancelled', reason: 'workflow cancelled' });
  });

  it('records a Temporal cancellation during a send\'s retry backoff as cancelled, not failed', async () => {
    const graph = threeDms();
    const script: SandboxScript = { failures: { SEND_TWITTER_DM: { rateLimitedFor: '2h' } } };
    const { personId, status } = await steerJourney(
      graph,
      async (handle, personId) => {
        const first = await stateWhen(handle, 'a scheduled first action', (s) => s.nextActionAt !== null);
        await skipTo(h.env, Date.parse(first.nextActionAt as string) + 60_000);
        await eventually('the DM in retry backoff', async () => {
          const pending = (await handle.describe()).raw.pendingActivities ?? [];
          return pending.some((a) => a.activityType?.name === 'sendAction' && (a.attempt ?? 0) >= 2);
        });
        await handle.cancel();
        await handle.result().catch(() => undefined);
        return { personId, status: (await handle.describe()).status.name };
      },
      script,
    );
    assert.equal(status, 'CANCELLED');
    const { sends, enrollment, events } = await journeyRecords(h.db, graph.name, personId);
    assert.deepEqual(sends, []);
    assert.equal(enrollment.status, 'cancelled');
    assert.equal(enrollment.endReason, 'workflow cancelled');
    assert.deepEqual(eventsOf(events, 'action_failed'), []);
  });

  it('takes the positive edge at once when a webhook reports the reply by signal, and reacts on the next tick', async () => {
    const graph = compileSequence(DM_THEN_NUDGE);
    const { personId, signalledAt, repliedAt } = await steerJourney(graph, async (handle, personId) => {
      const waiting = await passNextAction(handle, 'dm sent', (s) => s.sent.length === 1 && s.nextActionAt !== null);
      const repliedAt = new Date(Date.parse(waiting.sent[0]!.sentAt) + 30 * 60_000).toISOString();
      const signalledAt = await h.env.currentTimeMs();
      await handle.signal(observeSignal, { observation: 'replied', at: repliedAt, positive: true });
      await handle.result();
      return { personId, signalledAt, repliedAt };
    });

    const { sends, events } = await journeyRecords(h.db, graph.name, personId);
    assert.deepEqual(sends.map((s) => s.body), ['hello', 'thanks']);
    const dmAt = sends[0]!.sentAt.getTime();
    const [observed] = eventsOf(events, 'outcome_observed');
    assert.deepEqual(observed!.detail, { observation: 'replied', positive: true, via: 'signal' });
    assert.equal(observed!.occurredAt.toISOString(), repliedAt);
    const [branch] = eventsOf(events, 'branch_taken');
    assert.equal(branch!.detail.trigger, 'REPLIED');
    assert.ok(branch!.occurredAt.getTime() >= signalledAt && branch!.occurredAt.getTime() < dmAt + SIX_HOURS);
    assert.deepEqual(eventsOf(events, 'check_done'), [], 'no check was needed');
    assert.equal(sends[1]!.sentAt.getTime(), dmAt + SIX_HOURS);
  });

  describe('the journey state query', () => {
    it('reports node, status, visits, variants, sends and history as the journey goes', async () => {
      const graph = compileSequence(`
templates:
  intro:
    variants:
      - { id: short, body: "Hi {{ first_name }}" }
      - { id: long, body: "Hello there, {{ first_name }}" }
  nudge: { body: "nudge" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: intro }
  - { id: nudge, action: SEND_EMAIL, template: nudge }
edges:
  - { from: dm, trigger: REPLIED }
  - { from: dm, to: nudge, trigger: NOT_REPLIED, within: 1d }
  - { from: nudge, trigger: END }
`);
      const { personId, waiting, paused, final, result } = await steerJourney(graph, async (handle, personId) => {
        const entered = await stateWhen(handle, 'dm entered', (s) => s.nextActionAt !== null);
        assert.equal(entered.nodeId, 'dm');
        assert.equal(entered.status, 'waiting');
        assert.deepEqual(entered.sent, []);

        const waiting = await passNextAction(handle, 'waiting for a reply', (s) => s.sent.length === 1 && s.nextActionAt !== null);
        await handle.signal(pauseSignal);
        const paused = await stateWhen(handle, 'paused', (s) => s.status === 'paused');
        await handle.signal(resumeSignal);
        const result = await handle.result();
        const final = await handle.query(journeyStateQuery);
        return { personId, waiting, paused, final, result };
      });

      const { sends, enrollment } = await journeyRecords(h.db, graph.name, personId);
      const dmAt = sends[0]!.sentAt.getTime();
      assert.equal(waiting.nodeId, 'dm');
      assert.equal(waiting.status, 'waiting');
      assert.equal(waiting.visit, 1);
      assert.deepEqual(waiting.visits, { dm: 1 });
      assert.deepEqual(Object.keys(waiting.variants), ['intro']);
      assert.ok(['short', 'long'].includes(waiting.variants.intro!));
      assert.deepEqual(enrollment.variantChoices, { ...waiting.variants, nudge: 'default' });
      assert.equal(sends[0]!.body, waiting.variants.intro === 'short' ? 'Hi Ada' : 'Hello there, Ada');
      assert.deepEqual(waiting.sent, [
        { nodeId: 'dm', channel: 'x', providerId: sends[0]!.providerMessageId, sentAt: new Date(dmAt).toISOString() },
      ]);
      assert.equal(waiting.nextActionAt, new Date(dmAt + SIX_HOURS).toISOString());
      assert.equal(waiting.lastActionAt, new Date(dmAt).toISOString());
      assert.equal(waiting.endReason, null);
      assert.equal(waiting.tickMs, SIX_HOURS);
      assert.equal(waiting.run, 1);
      assert.deepEqual(
        waiting.history.map((s) => [s.what, s.nodeId, s.visit, s.detail]),
        [
          ['entered', 'dm', 1, 'SEND_TWITTER_DM'],
          ['sent', 'dm', 1, 'SEND_TWITTER_DM'],
        ],
      );
      assert.equal(waiting.history[1]!.at, new Date(dmAt).toISOString());
      assert.equal(waiting.stepCount, 2);

      assert.equal(paused.status, 'paused');
      assert.equal('paused' in paused, false, 'a pause is stored once, as the status');
      assert.equal(paused.nodeId, 'dm');

      assert.deepEqual(final, result);
      assert.equal(result.status, 'completed');
      assert.equal(result.nodeId, 'nudge');
      assert.deepEqual(result.visits, { dm: 1, nudge: 1 });
      assert.equal(result.nextActionAt, null);
      assert.deepEqual(
        result.history.map((s) => s.what),
        ['entered', 'sent', 'paused', 'resumed', 'branched', 'entered', 'sent', 'ended'],
      );
      assert.equal(result.history.at(-1)!.detail, 'completed: END after "nudge"');
      assert.equal(result.stepCount, result.history.length);
    });
  });
});
