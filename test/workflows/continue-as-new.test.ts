import assert from 'node:assert/strict';
import {
  HOUR,
  branchTriggers,
  compileSequence,
  eventsOf,
  runChain,
  runJourney,
  useJourneyHarness,
  type FinishedJourney,
} from '../support/journeys';

function hoursFromFirstSend(run: FinishedJourney, dates: Date[]): number[] {
  const t = run.sends[0]!.sentAt.getTime();
  return dates.map((d) => (d.getTime() - t) / HOUR);
}

describe('journeys that continue as new', function () {
  this.timeout(60_000);
  const h = useJourneyHarness();

  it('continues as new every two nodes, keeps visits, variants and sends, and ends on the visit limit', async () => {
    const graph = compileSequence(`
templates:
  intro:
    variants:
      - { id: a, body: "Intro A for {{ first_name }}" }
      - { id: b, body: "Intro B for {{ first_name }}" }
  nudge:
    variants:
      - { id: x, body: "Nudge X" }
      - { id: y, body: "Nudge Y" }
nodes:
  - { id: intro, action: SEND_TWITTER_DM, template: intro }
  - { id: nudge, action: SEND_TWITTER_DM, template: nudge, max_visits: 3 }
edges:
  - { from: intro, trigger: REPLIED }
  - { from: intro, to: nudge, trigger: NOT_REPLIED, within: 2d }
  - { from: nudge, trigger: REPLIED }
  - { from: nudge, to: nudge, trigger: NOT_REPLIED, within: 2d }
`);
    const run = await runJourney(h, graph, {}, { nodesPerRun: 2 });

    const chain = await runChain(run.handle);
    assert.equal(chain.length, 3);
    assert.deepEqual(chain.map((r) => r.continuedAsNew), [true, true, false]);
    assert.equal(new Set(chain.map((r) => r.runId)).size, 3);
    assert.equal(run.state.run, 3);

    assert.equal(run.state.status, 'completed');
    assert.equal(run.state.endReason, 'visit limit: node "nudge" allows 3 visits');
    assert.equal(run.enrollment.status, 'completed');
    assert.equal(run.enrollment.endReason, run.state.endReason);
    assert.deepEqual(run.state.visits, { intro: 1, nudge: 3 });

    assert.equal(run.sends.length, 4);
    assert.deepEqual(hoursFromFirstSend(run, run.sends.map((s) => s.sentAt)), [0, 48, 96, 144]);
    assert.deepEqual(run.state.sent.map((m) => m.providerId), run.sends.map((s) => s.providerMessageId));

    const chosen = eventsOf(run.events, 'variant_chosen');
    assert.deepEqual(chosen.map((e) => e.detail.template).sort(), ['intro', 'nudge']);
    const variants = Object.fromEntries(chosen.map((e) => [e.detail.template, e.detail.variant]));
    assert.deepEqual(run.state.variants, variants);
    assert.deepEqual(run.enrollment.variantChoices, variants);
    const [intro, ...nudges] = run.sends.map((s) => s.body);
    assert.equal(intro, `Intro ${String(variants.intro).toUpperCase()} for Ada`);
    assert.deepEqual(nudges, Array(3).fill(`Nudge ${String(variants.nudge).toUpperCase()}`));

    assert.equal(eventsOf(run.events, 'journey_started').length, 1);
    assert.equal(eventsOf(run.events, 'journey_ended').length, 1);
    assert.deepEqual(branchTriggers(run.events), ['NOT_REPLIED', 'NOT_REPLIED', 'NOT_REPLIED', 'NOT_REPLIED']);
    assert.equal(run.state.history[0]!.nodeId, 'intro', 'history from the first run is kept');
    assert.equal(run.state.stepCount, run.state.history.length);
  });

  it('finds a reply to a message sent in an earlier run, and reacts on the tick it was seen', async () => {
    const graph = compileSequence(`
templates:
  hello: { body: "Hello" }
  thanks: { body: "Thanks for the reply" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
  - { id: check, action: CHECK_FOR_REPLY, max_visits: 5 }
  - { id: thanks, action: SEND_EMAIL, template: thanks }
edges:
  - { from: dm, to: check, trigger: NORMAL_EDGE }
  - { from: check, to: thanks, trigger: REPLIED }
  - { from: check, to: check, trigger: NOT_REPLIED, within: 1d }
  - { from: thanks, trigger: END }
`);
    const run = await runJourney(h, graph, { script: { repliesAfter: '70h' } }, { nodesPerRun: 2 });

    assert.equal(run.state.run, 3);
    assert.equal((await runChain(run.handle)).length, 3);
    assert.equal(run.state.status, 'completed');
    assert.deepEqual(run.state.visits, { dm: 1, check: 3, thanks: 1 });
    assert.deepEqual(branchTriggers(run.events), ['NORMAL_EDGE', 'NOT_REPLIED', 'NOT_REPLIED', 'REPLIED']);
    // dm at 0; the check acts at 6 and 30, then at 54, and sees the 70 h reply on the 72 h tick.
    assert.deepEqual(
      hoursFromFirstSend(run, eventsOf(run.events, 'branch_taken').map((e) => e.occurredAt)),
      [0, 30, 54, 72],
    );
    assert.deepEqual(run.sends.map((s) => s.body), ['Hello', 'Thanks for the reply']);
    assert.deepEqual(hoursFromFirstSend(run, run.sends.map((s) => s.sentAt)), [0, 72]);
    const [observed] = eventsOf(run.events, 'outcome_observed');
    assert.equal(observed!.channel, 'x');
    assert.equal(observed!.visit, 3);
  });
});
