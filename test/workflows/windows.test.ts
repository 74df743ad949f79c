import assert from 'node:assert/strict';
import type { SandboxScript } from '../../src/channels/sandbox-script';
import {
  HOUR,
  branchTriggers,
  compileSequence,
  eventsOf,
  runJourney,
  useJourneyHarness,
  type FinishedJourney,
} from '../support/journeys';

function dmWithin(window: string) {
  return compileSequence(`
templates:
  hello: { body: "Hello {{ first_name }}" }
  thanks: { body: "Thanks!" }
  nudge: { body: "Just bumping this" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
  - { id: thanks, action: SEND_TWITTER_DM, template: thanks }
  - { id: nudge, action: SEND_TWITTER_DM, template: nudge }
edges:
  - { from: dm, to: thanks, trigger: REPLIED }
  - { from: dm, to: nudge, trigger: NOT_REPLIED, within: ${window} }
  - { from: thanks, trigger: END }
  - { from: nudge, trigger: END }
`);
}

function hoursAfterFirstSend(run: FinishedJourney, dates: Date[]): number[] {
  const t = run.sends[0]!.sentAt.getTime();
  return dates.map((d) => (d.getTime() - t) / HOUR);
}

async function dmRun(h: Parameters<typeof runJourney>[0], window: string, script: SandboxScript) {
  const run = await runJourney(h, dmWithin(window), { script });
  const [branch] = eventsOf(run.events, 'branch_taken');
  assert.ok(branch, 'a branch was taken');
  return {
    run,
    branch,
    bodies: run.sends.map((s) => s.body),
    sentAtHours: hoursAfterFirstSend(run, run.sends.map((s) => s.sentAt)),
    branchAtHours: hoursAfterFirstSend(run, [branch.occurredAt])[0],
    checkHours: hoursAfterFirstSend(run, eventsOf(run.events, 'check_done').map((e) => e.occurredAt)),
  };
}

describe('journey windows', function () {
  this.timeout(60_000);
  const h = useJourneyHarness();

  it('takes NOT_REPLIED exactly when a 40 h window ends, and acts on the first tick at or after the deadline', async () => {
    const r = await dmRun(h, '40h', {});
    assert.deepEqual(r.bodies, ['Hello Ada', 'Just bumping this']);
    assert.deepEqual(r.checkHours, [6, 12, 18, 24, 30, 36, 40]);
    assert.equal(r.branch.detail.trigger, 'NOT_REPLIED');
    assert.equal(r.branchAtHours, 40);
    assert.deepEqual(r.sentAtHours, [0, 42]);
  });

  it('when the window ends on a tick, the negative edge and the next action share that tick', async () => {
    const r = await dmRun(h, '2d', {});
    assert.equal(r.branch.detail.trigger, 'NOT_REPLIED');
    assert.equal(r.branchAtHours, 48);
    assert.deepEqual(r.sentAtHours, [0, 48]);
    assert.equal(r.checkHours.at(-1), 48);
  });

  it('ignores a reply that comes an hour after the window ended', async () => {
    const r = await dmRun(h, '40h', { repliesAfter: '41h' });
    assert.deepEqual(r.bodies, ['Hello Ada', 'Just bumping this']);
    assert.equal(r.branch.detail.trigger, 'NOT_REPLIED');
    assert.equal(r.branchAtHours, 40);
    assert.deepEqual(eventsOf(r.run.events, 'outcome_observed'), []);
    const nudgeChecks = eventsOf(r.run.events, 'check_done').filter((e) => e.nodeId === 'dm');
    assert.ok(nudgeChecks.every((e) => (e.detail.seen as unknown[]).length === 0));
  });

  it('counts a reply that lands exactly as the window ends, on the closing check', async () => {
    const r = await dmRun(h, '40h', { repliesAfter: '40h' });
    assert.deepEqual(r.bodies, ['Hello Ada', 'Thanks!']);
    assert.equal(r.branch.detail.trigger, 'REPLIED');
    assert.equal(r.branchAtHours, 40);
    assert.deepEqual(r.sentAtHours, [0, 42]);
  });

  it('sees a reply between the last tick and the deadline on the closing check', async () => {
    const r = await dmRun(h, '40h', { repliesAfter: '37h' });
    assert.equal(r.branch.detail.trigger, 'REPLIED');
    assert.equal(r.branchAtHours, 40);
    const [observed] = eventsOf(r.run.events, 'outcome_observed');
    assert.deepEqual(hoursAfterFirstSend(r.run, [observed!.occurredAt]), [37]);
  });

  it('checks a window shorter than a tick once, when it ends', async () => {
    const r = await dmRun(h, '2h', { repliesAfter: '1h' });
    assert.deepEqual(r.checkHours, [2]);
    assert.equal(r.branch.detail.trigger, 'REPLIED');
    assert.equal(r.branchAtHours, 2);
    assert.deepEqual(r.sentAtHours, [0, 6]);
  });

  it('unfollows when the follow-back comes a day after a 3-day window', async () => {
    const graph = compileSequence(`
templates:
  hello: { body: "Hello" }
nodes:
  - { id: follow, action: FOLLOW_ON_TWITTER }
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
  - { id: unfollow, action: UNFOLLOW_ON_TWITTER }
edges:
  - { from: follow, to: dm, trigger: FOLLOWED_BACK, within: 3d }
  - { from: follow, to: unfollow, trigger: NOT_FOLLOWED_BACK }
  - { from: dm, trigger: END }
  - { from: unfollow, trigger: END }
`);
    const run = await runJourney(h, graph, { script: { followsBackAfter: '4d' } });
    assert.deepEqual(run.sends.map((s) => s.action), ['FOLLOW_ON_TWITTER', 'UNFOLLOW_ON_TWITTER']);
    assert.deepEqual(branchTriggers(run.events), ['NOT_FOLLOWED_BACK']);
    assert.deepEqual(hoursAfterFirstSend(run, run.sends.map((s) => s.sentAt)), [0, 72]);
    assert.deepEqual(hoursAfterFirstSend(run, eventsOf(run.events, 'branch_taken').map((e) => e.occurredAt)), [72]);
  });

  it('takes CONNECTION_NOT_ACCEPTED when both the acceptance and the note reply come after the window', async () => {
    const graph = compileSequence(`
templates:
  note: { body: "Hi {{ first_name }}, let's connect" }
  welcome: { body: "Welcome" }
  thanks: { body: "Thanks for the reply" }
nodes:
  - { id: connect, action: SEND_CONNECTION_REQUEST, template: note }
  - { id: welcome, action: SEND_LINKEDIN_DM, template: welcome }
  - { id: thanks, action: SEND_LINKEDIN_DM, template: thanks }
  - { id: email, action: SEND_EMAIL, template: thanks }
edges:
  - { from: connect, to: welcome, trigger: CONNECTION_ACCEPTED }
  - { from: connect, to: thanks, trigger: REPLIED_TO_NOTE }
  - { from: connect, to: email, trigger: CONNECTION_NOT_ACCEPTED, within: 1d }
  - { from: welcome, trigger: END }
  - { from: thanks, trigger: END }
  - { from: email, trigger: END }
`);
    const run = await runJourney(h, graph, { script: { acceptsAfter: '25h', repliesToNoteAfter: '30h' } });
    assert.deepEqual(run.sends.map((s) => s.action), ['SEND_CONNECTION_REQUEST', 'SEND_EMAIL']);
    assert.equal(run.sends[0]!.body, "Hi Ada, let's connect");
    assert.deepEqual(branchTriggers(run.events), ['CONNECTION_NOT_ACCEPTED']);
    assert.deepEqual(hoursAfterFirstSend(run, run.sends.map((s) => s.sentAt)), [0, 24]);
  });
});
