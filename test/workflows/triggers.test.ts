import assert from 'node:assert/strict';
import type { SandboxScript } from '../../src/channels/sandbox-script';
import { ACTIONS, MESSAGE_ACTIONS, type Action, type Trigger } from '../../src/sequences/model';
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

/** Every conditional case: the action, the trigger expected, the lead's script, and when things happen. */
interface ConditionalCase {
  action: Action;
  triggers: Trigger[];
  expected: Trigger;
  script: SandboxScript;
}

const WINDOW = '40h';
const WINDOW_MS = 40 * HOUR;
const OUTCOME_AFTER = '8h';

const POSITIVE_SCRIPT: Partial<Record<Trigger, SandboxScript>> = {
  FOLLOWED_BACK: { followsBackAfter: OUTCOME_AFTER },
  REPLIED: { repliesAfter: OUTCOME_AFTER },
  CONNECTION_ACCEPTED: { acceptsAfter: OUTCOME_AFTER },
  REPLIED_TO_NOTE: { repliesToNoteAfter: OUTCOME_AFTER },
};
const OBSERVATION: Partial<Record<Trigger, string>> = {
  FOLLOWED_BACK: 'followed_back',
  REPLIED: 'replied',
  CONNECTION_ACCEPTED: 'connection_accepted',
  REPLIED_TO_NOTE: 'replied_to_note',
};

const CONNECTION = ['CONNECTION_ACCEPTED', 'CONNECTION_NOT_ACCEPTED', 'REPLIED_TO_NOTE'] as const;
const DM_ACTIONS = ['SEND_TWITTER_DM', 'SEND_LINKEDIN_DM', 'SEND_XMTP_DM', 'SEND_EMAIL'] as const;

const CONDITIONAL_CASES: ConditionalCase[] = [
  { action: 'FOLLOW_ON_TWITTER', triggers: ['FOLLOWED_BACK', 'NOT_FOLLOWED_BACK'], expected: 'FOLLOWED_BACK', script: { followsBackAfter: OUTCOME_AFTER } },
  { action: 'FOLLOW_ON_TWITTER', triggers: ['FOLLOWED_BACK', 'NOT_FOLLOWED_BACK'], expected: 'NOT_FOLLOWED_BACK', script: {} },
  ...DM_ACTIONS.flatMap((action): ConditionalCase[] => [
    { action, triggers: ['REPLIED', 'NOT_REPLIED'], expected: 'REPLIED', script: { repliesAfter: OUTCOME_AFTER } },
    { action, triggers: ['REPLIED', 'NOT_REPLIED'], expected: 'NOT_REPLIED', script: {} },
  ]),
  { action: 'SEND_CONNECTION_REQUEST', triggers: [...CONNECTION], expected: 'CONNECTION_ACCEPTED', script: { acceptsAfter: OUTCOME_AFTER } },
  { action: 'SEND_CONNECTION_REQUEST', triggers: [...CONNECTION], expected: 'CONNECTION_NOT_ACCEPTED', script: {} },
  { action: 'SEND_CONNECTION_REQUEST', triggers: [...CONNECTION], expected: 'REPLIED_TO_NOTE', script: { repliesToNoteAfter: OUTCOME_AFTER } },
];

/** `first` does the action; each trigger leads to its own email, so the outbox shows which edge was taken. */
function branchingSequence(action: Action, triggers: Trigger[]) {
  const reactions = triggers.map((t) => ({ trigger: t, node: `after_${t.toLowerCase()}` }));
  const firstTemplate = MESSAGE_ACTIONS.has(action) ? ', template: first' : '';
  return compileSequence(`
templates:
  first: { body: "Hello {{ first_name }}" }
${reactions.map((r) => `  t_${r.node}: { body: "after ${r.trigger}" }`).join('\n')}
nodes:
  - { id: first, action: ${action}${firstTemplate} }
${reactions.map((r) => `  - { id: ${r.node}, action: SEND_EMAIL, template: t_${r.node} }`).join('\n')}
edges:
${reactions.map((r) => `  - { from: first, to: ${r.node}, trigger: ${r.trigger}, within: ${WINDOW} }`).join('\n')}
${reactions.map((r) => `  - { from: ${r.node}, trigger: END }`).join('\n')}
`);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function firstBody(action: Action): string | null {
  return MESSAGE_ACTIONS.has(action) ? 'Hello Ada' : null;
}

/** When the journey started, from its journey_started event. */
function startedAt(run: FinishedJourney): number {
  const [started] = eventsOf(run.events, 'journey_started');
  assert.ok(started, 'journey_started event');
  return started.occurredAt.getTime();
}

describe('journey triggers', function () {
  this.timeout(60_000);
  const h = useJourneyHarness();

  describe('conditional edges', () => {
    for (const c of CONDITIONAL_CASES) {
      const positive = c.expected in POSITIVE_SCRIPT;
      const title = positive
        ? `${c.action} -> ${c.expected}: the outcome seen on the next tick's check branches and the reaction goes out on that tick`
        : `${c.action} -> ${c.expected}: with no outcome, the negative edge is taken when the ${WINDOW} window ends`;
      it(title, async () => {
        const run = await runJourney(h, branchingSequence(c.action, c.triggers), { script: c.script });
        const reactionNode = `after_${c.expected.toLowerCase()}`;

        assert.deepEqual(
          run.sends.map((s) => [s.action, s.body]),
          [
            [c.action, firstBody(c.action)],
            ['SEND_EMAIL', `after ${c.expected}`],
          ],
        );
        const [first, reaction] = run.sends;
        const t = first!.sentAt.getTime();
        assert.equal(t % SIX_HOURS, 0, `first action at ${first!.sentAt.toISOString()}`);

        // Outcome 8 h after the action: the 6 h check misses it, the 12 h check sees it.
        const branchAt = positive ? t + 12 * HOUR : t + WINDOW_MS;
        const reactionAt = positive ? t + 12 * HOUR : t + 42 * HOUR;
        assert.deepEqual(branchTriggers(run.events), [c.expected]);
        const [branch] = eventsOf(run.events, 'branch_taken');
        assert.equal(branch!.nodeId, 'first');
        assert.deepEqual(branch!.detail, { trigger: c.expected, to: reactionNode });
        assert.equal(branch!.occurredAt.toISOString(), iso(branchAt));
        assert.equal(reaction!.sentAt.toISOString(), iso(reactionAt));

        const observed = eventsOf(run.events, 'outcome_observed');
        if (positive) {
          assert.deepEqual(observed.map((e) => e.detail.observation), [OBSERVATION[c.expected]]);
          assert.equal(observed[0]!.occurredAt.toISOString(), iso(t + 8 * HOUR));
        } else {
          assert.deepEqual(observed, []);
        }

        assert.equal(run.state.status, 'completed');
        assert.equal(run.state.endReason, `END after "${reactionNode}"`);
        assert.equal(run.enrollment.status, 'completed');
        assert.equal(run.enrollment.endReason, `END after "${reactionNode}"`);
        assert.equal(run.enrollment.endedAt?.toISOString(), iso(reactionAt));
      });
    }

    it('SEND_CONNECTION_REQUEST: when the note is answered before the acceptance, REPLIED_TO_NOTE wins', async () => {
      const graph = branchingSequence('SEND_CONNECTION_REQUEST', [...CONNECTION]);
      const run = await runJourney(h, graph, { script: { repliesToNoteAfter: '2h', acceptsAfter: '20h' } });
      assert.deepEqual(branchTriggers(run.events), ['REPLIED_TO_NOTE']);
      assert.equal(run.sends[1]!.body, 'after REPLIED_TO_NOTE');
      assert.equal(run.sends[1]!.sentAt.getTime() - run.sends[0]!.sentAt.getTime(), SIX_HOURS);
    });

    it('SEND_CONNECTION_REQUEST: outcomes seen on one check follow the declared edge order', async () => {
      const graph = branchingSequence('SEND_CONNECTION_REQUEST', [...CONNECTION]);
      const run = await runJourney(h, graph, { script: { repliesToNoteAfter: '2h', acceptsAfter: '3h' } });
      assert.deepEqual(branchTriggers(run.events), ['CONNECTION_ACCEPTED']);
      assert.equal(run.sends[1]!.body, 'after CONNECTION_ACCEPTED');
    });

    it('SEND_TWITTER_DM -> NOT_REPLIED: a reply on another channel does not answer the DM', async () => {
      const graph = branchingSequence('SEND_TWITTER_DM', ['REPLIED', 'NOT_REPLIED']);
      const run = await runJourney(h, graph, { script: { repliesAfter: '1h', repliesOn: ['email'] } });
      assert.deepEqual(branchTriggers(run.events), ['NOT_REPLIED']);
      assert.equal(run.sends[1]!.body, 'after NOT_REPLIED');
    });
  });

  describe('CHECK_FOR_REPLY', () => {
    function checkAfterTwoChannels() {
      return compileSequence(`
templates:
  hello: { body: "Hello {{ first_name }}" }
  dm: { body: "DM for {{ first_name }}" }
  yes: { body: "after REPLIED" }
  no: { body: "after NOT_REPLIED" }
nodes:
  - { id: email, action: SEND_EMAIL, template: hello }
  - { id: dm, action: SEND_TWITTER_DM, template: dm }
  - { id: check, action: CHECK_FOR_REPLY }
  - { id: yes, action: SEND_EMAIL, template: yes }
  - { id: no, action: SEND_EMAIL, template: no }
edges:
  - { from: email, to: dm, trigger: NORMAL_EDGE }
  - { from: dm, to: check, trigger: NORMAL_EDGE }
  - { from: check, to: yes, trigger: REPLIED, within: ${WINDOW} }
  - { from: check, to: no, trigger: NOT_REPLIED }
  - { from: yes, trigger: END }
  - { from: no, trigger: END }
`);
    }

    it('CHECK_FOR_REPLY -> REPLIED: a reply to the earlier email counts, though the latest message was a DM', async () => {
      const run = await runJourney(h, checkAfterTwoChannels(), { script: { repliesAfter: '20h', repliesOn: ['email'] } });
      const [email, dm, yes] = run.sends;
      const t = email!.sentAt.getTime();
      assert.deepEqual(run.sends.map((s) => s.body), ['Hello Ada', 'DM for Ada', 'after REPLIED']);
      assert.equal(dm!.sentAt.toISOString(), iso(t + 6 * HOUR));
      // The check node acts at +12 h; the reply (20 h after the first message) is seen on the +24 h check.
      assert.deepEqual(branchTriggers(run.events), ['NORMAL_EDGE', 'NORMAL_EDGE', 'REPLIED']);
      const branch = eventsOf(run.events, 'branch_taken').at(-1)!;
      assert.equal(branch.occurredAt.toISOString(), iso(t + 24 * HOUR));
      assert.equal(yes!.sentAt.toISOString(), iso(t + 24 * HOUR));
      const [observed] = eventsOf(run.events, 'outcome_observed');
      assert.equal(observed!.channel, 'email');
      assert.equal(observed!.nodeId, 'check');
      assert.equal(observed!.occurredAt.toISOString(), iso(t + 20 * HOUR));
      const looked = eventsOf(run.events, 'check_done').filter((e) => e.nodeId === 'check');
      assert.deepEqual([...new Set(looked.map((e) => e.channel))].sort(), ['email', 'x']);
      assert.equal(run.state.status, 'completed');
    });

    it('CHECK_FOR_REPLY -> NOT_REPLIED: a reply only on a channel the journey never used does not count', async () => {
      const run = await runJourney(h, checkAfterTwoChannels(), { script: { repliesAfter: '1h', repliesOn: ['linkedin'] } });
      const t = run.sends[0]!.sentAt.getTime();
      assert.deepEqual(run.sends.map((s) => s.body), ['Hello Ada', 'DM for Ada', 'after NOT_REPLIED']);
      const branch = eventsOf(run.events, 'branch_taken').at(-1)!;
      assert.deepEqual(branch.detail, { trigger: 'NOT_REPLIED', to: 'no' });
      assert.equal(branch.occurredAt.toISOString(), iso(t + 12 * HOUR + WINDOW_MS));
      assert.equal(run.sends[2]!.sentAt.toISOString(), iso(t + 54 * HOUR));
      assert.deepEqual(eventsOf(run.events, 'outcome_observed'), []);
    });

    it('CHECK_FOR_REPLY -> REPLIED: a reply that came before the check node is seen on the check node\'s own tick', async () => {
      const run = await runJourney(h, checkAfterTwoChannels(), { script: { repliesAfter: '2h', repliesOn: ['email'] } });
      const t = run.sends[0]!.sentAt.getTime();
      assert.deepEqual(run.sends.map((s) => s.body), ['Hello Ada', 'DM for Ada', 'after REPLIED']);
      assert.equal(eventsOf(run.events, 'branch_taken').at(-1)!.occurredAt.toISOString(), iso(t + 12 * HOUR));
      assert.equal(run.sends[2]!.sentAt.toISOString(), iso(t + 12 * HOUR));
    });
  });

  describe('NORMAL_EDGE and END', () => {
    for (const action of ACTIONS) {
      const template = MESSAGE_ACTIONS.has(action) ? ', template: first' : '';
      const templates = `
templates:
  first: { body: "Hello {{ first_name }}" }
  next: { body: "next" }`;

      const sends = action !== 'CHECK_FOR_REPLY';
      const normalTitle = sends
        ? `${action} -> NORMAL_EDGE: the next action goes out one tick after it`
        : `${action} -> NORMAL_EDGE: a check sends nothing, so the next action goes out on the check's own tick`;
      it(normalTitle, async () => {
        const graph = compileSequence(`${templates}
nodes:
  - { id: first, action: ${action}${template} }
  - { id: next, action: SEND_EMAIL, template: next }
edges:
  - { from: first, to: next, trigger: NORMAL_EDGE }
  - { from: next, trigger: END }
`);
        const run = await runJourney(h, graph);
        const actedAt = tickAtOrAfter(startedAt(run), SIX_HOURS);
        const expected = sends ? [[action, firstBody(action), iso(actedAt)]] : [];
        const nextAt = sends ? actedAt + SIX_HOURS : actedAt;
        assert.deepEqual(
          run.sends.map((s) => [s.action, s.body, s.sentAt.toISOString()]),
          [...expected, ['SEND_EMAIL', 'next', iso(nextAt)]],
        );
        assert.deepEqual(branchTriggers(run.events), ['NORMAL_EDGE']);
        assert.equal(eventsOf(run.events, 'branch_taken')[0]!.occurredAt.toISOString(), iso(actedAt));
        assert.equal(run.state.status, 'completed');
        assert.equal(run.state.endReason, 'END after "next"');
      });

      it(`${action} -> END: the journey completes right after the action`, async () => {
        const graph = compileSequence(`${templates}
nodes:
  - { id: first, action: ${action}${template} }
edges:
  - { from: first, trigger: END }
`);
        const run = await runJourney(h, graph);
        const actedAt = tickAtOrAfter(startedAt(run), SIX_HOURS);
        const expected = sends ? [[action, firstBody(action), iso(actedAt)]] : [];
        assert.deepEqual(run.sends.map((s) => [s.action, s.body, s.sentAt.toISOString()]), expected);
        assert.deepEqual(branchTriggers(run.events), []);
        const [ended] = eventsOf(run.events, 'journey_ended');
        assert.deepEqual(ended!.detail, { status: 'completed', reason: 'END after "first"' });
        assert.equal(ended!.occurredAt.toISOString(), iso(actedAt));
        assert.equal(run.state.status, 'completed');
        assert.equal(run.enrollment.status, 'completed');
        assert.equal(run.enrollment.currentNode, 'first');
      });
    }
  });

  describe('edges without a target', () => {
    it('REPLIED without `to` ends the journey when the reply is seen', async () => {
      const graph = compileSequence(`
templates:
  hello: { body: "Hello" }
  nudge: { body: "nudge" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
  - { id: nudge, action: SEND_TWITTER_DM, template: nudge }
edges:
  - { from: dm, trigger: REPLIED, within: 2d }
  - { from: dm, to: nudge, trigger: NOT_REPLIED }
  - { from: nudge, trigger: END }
`);
      const run = await runJourney(h, graph, { script: { repliesAfter: '3h' } });
      const t = run.sends[0]!.sentAt.getTime();
      assert.deepEqual(run.sends.map((s) => s.body), ['Hello']);
      assert.equal(run.state.status, 'completed');
      assert.equal(run.state.endReason, 'REPLIED after "dm"');
      const [branch] = eventsOf(run.events, 'branch_taken');
      assert.deepEqual(branch!.detail, { trigger: 'REPLIED', to: null });
      assert.equal(branch!.occurredAt.toISOString(), iso(t + SIX_HOURS));
      assert.equal(run.enrollment.endedAt?.toISOString(), iso(t + SIX_HOURS));
    });

    it('NOT_FOLLOWED_BACK without `to` ends the journey when the window closes', async () => {
      const graph = compileSequence(`
templates:
  hello: { body: "Hello" }
nodes:
  - { id: follow, action: FOLLOW_ON_TWITTER }
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
edges:
  - { from: follow, to: dm, trigger: FOLLOWED_BACK, within: 1d }
  - { from: follow, trigger: NOT_FOLLOWED_BACK }
  - { from: dm, trigger: END }
`);
      const run = await runJourney(h, graph, { script: { followsBackAfter: '2d' } });
      const t = run.sends[0]!.sentAt.getTime();
      assert.deepEqual(run.sends.map((s) => s.action), ['FOLLOW_ON_TWITTER']);
      assert.equal(run.state.endReason, 'NOT_FOLLOWED_BACK after "follow"');
      assert.equal(run.enrollment.endedAt?.toISOString(), iso(t + 24 * HOUR));
    });

    it('NORMAL_EDGE without `to` ends the journey after the action', async () => {
      const graph = compileSequence(`
templates:
  hello: { body: "Hello" }
nodes:
  - { id: dm, action: SEND_XMTP_DM, template: hello }
edges:
  - { from: dm, trigger: NORMAL_EDGE }
`);
      const run = await runJourney(h, graph);
      assert.deepEqual(run.sends.map((s) => s.action), ['SEND_XMTP_DM']);
      assert.equal(run.state.status, 'completed');
      assert.equal(run.enrollment.status, 'completed');
      assert.equal(run.enrollment.endedAt?.toISOString(), run.sends[0]!.sentAt.toISOString());
    });
  });
});
