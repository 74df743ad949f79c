import assert from 'node:assert/strict';
import type { SandboxScript } from '../../src/channels/sandbox-script';
import type { Action } from '../../src/sequences/model';
import {
  SIX_HOURS,
  activityRuns,
  compileSequence,
  eventsOf,
  runJourney,
  useJourneyHarness,
  type ActivityRun,
  type FinishedJourney,
} from '../support/journeys';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Follow, then a DM a tick later, then an email a tick after that. */
function followDmEmail() {
  return compileSequence(`
templates:
  hello: { body: "Hello {{ first_name }}" }
  later: { body: "Later" }
nodes:
  - { id: follow, action: FOLLOW_ON_TWITTER }
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
  - { id: email, action: SEND_EMAIL, template: later }
edges:
  - { from: follow, to: dm, trigger: NORMAL_EDGE }
  - { from: dm, to: email, trigger: NORMAL_EDGE }
  - { from: email, trigger: END }
`);
}

function singleSend(action: Action) {
  return compileSequence(`
templates:
  hello: { body: "Hello" }
nodes:
  - { id: send, action: ${action}, template: hello }
edges:
  - { from: send, trigger: END }
`);
}

async function sendRuns(run: FinishedJourney): Promise<ActivityRun[]> {
  return (await activityRuns(run.handle)).filter((a) => a.name === 'sendAction');
}

function waited(a: ActivityRun): number {
  assert.ok(a.startedAt, 'the activity started');
  return a.startedAt.getTime() - a.scheduledAt.getTime();
}

describe('journey failures', function () {
  this.timeout(60_000);
  const h = useJourneyHarness();

  describe('retries', () => {
    it('retries a DM that fails three times with backoff, then sends it exactly once', async () => {
      const run = await runJourney(h, followDmEmail(), { script: { failures: { SEND_TWITTER_DM: { transient: 3 } } } });
      assert.equal(run.state.status, 'completed');
      assert.deepEqual(run.sends.map((s) => s.action), ['FOLLOW_ON_TWITTER', 'SEND_TWITTER_DM', 'SEND_EMAIL']);
      assert.equal(eventsOf(run.events, 'action_sent').filter((e) => e.nodeId === 'dm').length, 1);

      const [follow, dm, email] = await sendRuns(run);
      assert.equal(follow!.attempt, 1);
      assert.equal(dm!.attempt, 4);
      assert.equal(dm!.outcome, 'completed');
      // X backs off 30 s, 60 s, 120 s before attempts 2, 3 and 4.
      assert.ok(waited(dm!) >= 210 * SECOND, `DM attempt 4 started ${waited(dm!)} ms after scheduling`);
      assert.ok(waited(dm!) < 240 * SECOND, `DM attempt 4 started ${waited(dm!)} ms after scheduling`);
      assert.equal(email!.attempt, 1);

      // The journey's own clock is untouched by the retries: the DM counts as sent on its tick.
      const t = run.sends[0]!.sentAt.getTime();
      assert.deepEqual(run.sends.map((s) => s.sentAt.getTime() - t), [0, SIX_HOURS, 2 * SIX_HOURS]);
    });

    it('waits out a rate limit for exactly the delay the provider named, then sends', async () => {
      const run = await runJourney(h, followDmEmail(), { script: { failures: { SEND_TWITTER_DM: { rateLimitedFor: '20m' } } } });
      assert.equal(run.state.status, 'completed');
      assert.deepEqual(run.sends.map((s) => s.action), ['FOLLOW_ON_TWITTER', 'SEND_TWITTER_DM', 'SEND_EMAIL']);
      const [, dm] = await sendRuns(run);
      assert.equal(dm!.attempt, 2);
      assert.ok(waited(dm!) >= 20 * MINUTE, `DM attempt 2 started ${waited(dm!)} ms after scheduling`);
      assert.ok(waited(dm!) < 21 * MINUTE, `DM attempt 2 started ${waited(dm!)} ms after scheduling`);
    });
  });

  describe('giving up', () => {
    it('ends the journey as failed on a permanent failure, and the workflow run itself completes', async () => {
      const script: SandboxScript = { failures: { SEND_TWITTER_DM: { permanent: 'user not found' } } };
      const run = await runJourney(h, followDmEmail(), { script });
      const reason = 'RecipientUnreachable: sandbox: user not found';

      assert.equal(run.state.status, 'failed');
      assert.equal(run.state.endReason, reason);
      assert.equal((await run.handle.describe()).status.name, 'COMPLETED');
      assert.deepEqual(run.sends.map((s) => s.action), ['FOLLOW_ON_TWITTER']);

      const [failed] = eventsOf(run.events, 'action_failed');
      assert.equal(failed!.nodeId, 'dm');
      assert.deepEqual(failed!.detail, { action: 'SEND_TWITTER_DM', reason });
      const [ended] = eventsOf(run.events, 'journey_ended');
      assert.deepEqual(ended!.detail, { status: 'failed', reason });
      const dmAt = run.sends[0]!.sentAt.getTime() + SIX_HOURS;
      assert.equal(failed!.occurredAt.getTime(), dmAt);

      assert.equal(run.enrollment.status, 'failed');
      assert.equal(run.enrollment.endReason, reason);
      assert.equal(run.enrollment.currentNode, 'dm');
      assert.equal(run.enrollment.endedAt?.getTime(), dmAt);

      const [, dm] = await sendRuns(run);
      assert.equal(dm!.attempt, 1, 'a permanent failure is not retried');
      assert.equal(dm!.outcome, 'failed');
    });

    const MAX_ATTEMPTS: [Action, string, number, number][] = [
      ['SEND_TWITTER_DM', 'X', 8, (30 + 60 + 120 + 240 + 480 + 900 + 900) * SECOND],
      ['SEND_EMAIL', 'email', 10, (10 + 20 + 40 + 80 + 160 + 320 + 600 + 600 + 600) * SECOND],
      ['SEND_LINKEDIN_DM', 'LinkedIn', 6, (60 + 120 + 240 + 480 + 960) * SECOND],
      ['SEND_XMTP_DM', 'XMTP', 8, (10 + 20 + 40 + 80 + 160 + 320 + 600) * SECOND],
    ];
    for (const [action, policy, attempts, backoff] of MAX_ATTEMPTS) {
      it(`ends the journey as failed, "gave up after retries", when ${action} fails past the ${policy} policy's ${attempts} attempts`, async () => {
        const run = await runJourney(h, singleSend(action), { script: { failures: { [action]: { transient: attempts } } } });
        assert.equal(run.state.status, 'failed');
        assert.equal(
          run.state.endReason,
          `gave up after retries: Error: sandbox: scripted transient failure ${attempts} of ${attempts}`,
        );
        assert.equal((await run.handle.describe()).status.name, 'COMPLETED');
        assert.deepEqual(run.sends, []);
        assert.equal(run.enrollment.status, 'failed');
        assert.match(run.enrollment.endReason ?? '', /^gave up after retries/);
        assert.equal(eventsOf(run.events, 'action_failed').length, 1);

        const [send] = await sendRuns(run);
        assert.equal(send!.attempt, attempts);
        assert.equal(send!.outcome, 'failed');
        assert.ok(waited(send!) >= backoff, `last attempt started ${waited(send!)} ms after scheduling`);
      });

      it(`sends once when ${action} succeeds on the ${policy} policy's last attempt`, async () => {
        const run = await runJourney(h, singleSend(action), { script: { failures: { [action]: { transient: attempts - 1 } } } });
        assert.equal(run.state.status, 'completed');
        assert.equal(run.sends.length, 1);
        const [send] = await sendRuns(run);
        assert.equal(send!.attempt, attempts);
      });
    }
  });
});
