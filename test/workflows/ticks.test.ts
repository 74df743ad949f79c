import assert from 'node:assert/strict';
import { tickAtOrAfter } from '../../workflows/ticks';
import {
  HOUR,
  SIX_HOURS,
  branchTriggers,
  compileSequence,
  eventsOf,
  runJourney,
  useJourneyHarness,
  type FinishedJourney,
} from '../support/journeys';

function offsets(run: FinishedJourney, dates: Date[], unit = HOUR): number[] {
  const t = run.sends[0]!.sentAt.getTime();
  return dates.map((d) => (d.getTime() - t) / unit);
}

function chain() {
  return compileSequence(`
templates:
  hello: { body: "Hello {{ first_name }}" }
nodes:
  - { id: follow, action: FOLLOW_ON_TWITTER }
  - { id: email, action: SEND_EMAIL, template: hello }
  - { id: linkedin, action: SEND_LINKEDIN_DM, template: hello }
  - { id: xmtp, action: SEND_XMTP_DM, template: hello }
edges:
  - { from: follow, to: email, trigger: NORMAL_EDGE }
  - { from: email, to: linkedin, trigger: NORMAL_EDGE }
  - { from: linkedin, to: xmtp, trigger: NORMAL_EDGE }
  - { from: xmtp, trigger: END }
`);
}

function checkThenReact() {
  return compileSequence(`
templates:
  hello: { body: "Hello" }
  thanks: { body: "Thanks" }
  nudge: { body: "Nudge" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
  - { id: thanks, action: SEND_EMAIL, template: thanks }
  - { id: nudge, action: SEND_TWITTER_DM, template: nudge }
edges:
  - { from: dm, to: thanks, trigger: REPLIED }
  - { from: dm, to: nudge, trigger: NOT_REPLIED, within: 150m }
  - { from: thanks, trigger: END }
  - { from: nudge, trigger: END }
`);
}

describe('journey ticks', function () {
  this.timeout(60_000);
  const h = useJourneyHarness();

  describe('the default 6 h tick', () => {
    it('runs the first action on the first 6 h boundary at or after the journey started', async () => {
      const run = await runJourney(h, chain());
      const [started] = eventsOf(run.events, 'journey_started');
      assert.equal(run.sends[0]!.sentAt.getTime(), tickAtOrAfter(started!.occurredAt.getTime(), SIX_HOURS));
      assert.equal(run.state.tickMs, SIX_HOURS);
    });

    it('lands actions joined by NORMAL_EDGE exactly one tick apart', async () => {
      const run = await runJourney(h, chain());
      assert.deepEqual(run.sends.map((s) => s.action), ['FOLLOW_ON_TWITTER', 'SEND_EMAIL', 'SEND_LINKEDIN_DM', 'SEND_XMTP_DM']);
      assert.deepEqual(offsets(run, run.sends.map((s) => s.sentAt)), [0, 6, 12, 18]);
      for (const event of eventsOf(run.events, 'action_sent')) {
        assert.equal(event.occurredAt.getTime() % SIX_HOURS, 0, `${String(event.detail.action)} at ${event.occurredAt.toISOString()}`);
      }
    });

    it('reacts to a reply seen on a check on that same tick', async () => {
      const run = await runJourney(h, checkThenReact(), { script: { repliesAfter: '1h' } });
      // The window (150 m) is shorter than a tick: the one check is at its end, the reaction on the next tick.
      assert.deepEqual(offsets(run, run.sends.map((s) => s.sentAt), 60_000), [0, 360]);

      const longer = compileSequence(`
templates:
  hello: { body: "Hello" }
  thanks: { body: "Thanks" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
  - { id: thanks, action: SEND_EMAIL, template: thanks }
edges:
  - { from: dm, to: thanks, trigger: REPLIED }
  - { from: dm, trigger: NOT_REPLIED, within: 3d }
  - { from: thanks, trigger: END }
`);
      const onTick = await runJourney(h, longer, { script: { repliesAfter: '13h' } });
      const seenOn = eventsOf(onTick.events, 'check_done').find((e) => (e.detail.seen as string[]).includes('replied'));
      assert.deepEqual(offsets(onTick, [seenOn!.occurredAt]), [18]);
      assert.deepEqual(offsets(onTick, onTick.sends.map((s) => s.sentAt)), [0, 18]);
    });

    it('keeps every send of a long, branching journey on a 6 h boundary', async () => {
      const graph = compileSequence(`
templates:
  hello: { body: "Hello" }
  note: { body: "Let's connect" }
nodes:
  - { id: follow, action: FOLLOW_ON_TWITTER }
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
  - { id: connect, action: SEND_CONNECTION_REQUEST, template: note }
  - { id: li_dm, action: SEND_LINKEDIN_DM, template: hello }
  - { id: check, action: CHECK_FOR_REPLY }
  - { id: email, action: SEND_EMAIL, template: hello }
  - { id: xmtp, action: SEND_XMTP_DM, template: hello }
edges:
  - { from: follow, to: dm, trigger: FOLLOWED_BACK, within: 5d }
  - { from: follow, trigger: NOT_FOLLOWED_BACK }
  - { from: dm, trigger: REPLIED }
  - { from: dm, to: connect, trigger: NOT_REPLIED, within: 25h }
  - { from: connect, to: li_dm, trigger: CONNECTION_ACCEPTED, within: 3d }
  - { from: connect, trigger: CONNECTION_NOT_ACCEPTED }
  - { from: li_dm, to: check, trigger: NORMAL_EDGE }
  - { from: check, to: email, trigger: REPLIED, within: 31h }
  - { from: check, to: xmtp, trigger: NOT_REPLIED }
  - { from: email, trigger: END }
  - { from: xmtp, trigger: END }
`);
      const run = await runJourney(h, graph, { script: { followsBackAfter: '31h', acceptsAfter: '7h' } });
      assert.deepEqual(branchTriggers(run.events), ['FOLLOWED_BACK', 'NOT_REPLIED', 'CONNECTION_ACCEPTED', 'NORMAL_EDGE', 'NOT_REPLIED']);
      // follow 0; seen 36; DM window ends 61, connect 66; accepted seen 78; li_dm 78; check 84, window ends 115; xmtp 120.
      assert.deepEqual(offsets(run, run.sends.map((s) => s.sentAt)), [0, 36, 66, 78, 120]);
      for (const send of run.sends) assert.equal(send.sentAt.getTime() % SIX_HOURS, 0, `${send.action} at ${send.sentAt.toISOString()}`);
      assert.deepEqual(offsets(run, eventsOf(run.events, 'branch_taken').map((e) => e.occurredAt)), [36, 61, 78, 78, 115]);
    });
  });

  describe('a one-hour tick', () => {
    it('acts on hourly boundaries, an hour apart, and checks every hour', async () => {
      const hourly = { ...h, tickMs: HOUR };
      const run = await runJourney(hourly, chain());
      assert.equal(run.state.tickMs, HOUR);
      for (const send of run.sends) assert.equal(send.sentAt.getTime() % HOUR, 0, `${send.action} at ${send.sentAt.toISOString()}`);
      assert.deepEqual(offsets(run, run.sends.map((s) => s.sentAt)), [0, 1, 2, 3]);
      const [started] = eventsOf(run.events, 'journey_started');
      assert.equal(run.sends[0]!.sentAt.getTime(), tickAtOrAfter(started!.occurredAt.getTime(), HOUR));

      const graph = checkThenReact();
      const replied = await runJourney(hourly, graph, { script: { repliesAfter: '90m' } });
      assert.deepEqual(offsets(replied, eventsOf(replied.events, 'check_done').map((e) => e.occurredAt), 60_000), [60, 120]);
      assert.deepEqual(replied.sends.map((s) => s.body), ['Hello', 'Thanks']);
      assert.deepEqual(offsets(replied, replied.sends.map((s) => s.sentAt), 60_000), [0, 120]);

      const silent = await runJourney(hourly, graph);
      assert.deepEqual(offsets(silent, eventsOf(silent.events, 'check_done').map((e) => e.occurredAt), 60_000), [60, 120, 150]);
      assert.deepEqual(silent.sends.map((s) => s.body), ['Hello', 'Nudge']);
      assert.deepEqual(offsets(silent, silent.sends.map((s) => s.sentAt), 60_000), [0, 180]);
    });
  });
});
