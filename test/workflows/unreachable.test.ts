import assert from 'node:assert/strict';
import { SIX_HOURS, activityRuns, compileSequence, eventsOf, runJourney, useJourneyHarness } from '../support/journeys';

function followDmEmail() {
  return compileSequence(`
templates:
  hello: { body: "Hello {{ first_name }}" }
  later: { subject: "Following up", body: "Later" }
nodes:
  - { id: follow, action: FOLLOW_ON_TWITTER }
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
  - { id: email-followup, action: SEND_EMAIL, template: later }
edges:
  - { from: follow, to: dm, trigger: NORMAL_EDGE }
  - { from: dm, to: email-followup, trigger: NORMAL_EDGE }
  - { from: email-followup, trigger: END }
`);
}

describe('a journey that reaches a node its lead cannot be reached on', function () {
  this.timeout(60_000);
  const h = useJourneyHarness();

  it('ends failed at that node, naming the channel and what the lead lacks; nothing is sent there', async () => {
    const run = await runJourney(h, followDmEmail(), { person: { email: undefined } });
    const reason = 'RecipientUnreachable: sender account email:sandbox-email: cannot reach the lead on email: they have no email address';

    assert.equal(run.state.status, 'failed');
    assert.equal(run.state.endReason, reason);
    assert.equal((await run.handle.describe()).status.name, 'COMPLETED');
    assert.deepEqual(run.sends.map((s) => s.action), ['FOLLOW_ON_TWITTER', 'SEND_TWITTER_DM']);
    assert.equal(run.sends.filter((s) => s.channel === 'email').length, 0);

    const [failed] = eventsOf(run.events, 'action_failed');
    assert.equal(failed!.nodeId, 'email-followup');
    assert.deepEqual(failed!.detail, { action: 'SEND_EMAIL', reason });
    assert.equal(failed!.occurredAt.getTime(), run.sends[1]!.sentAt.getTime() + SIX_HOURS);
    assert.deepEqual(eventsOf(run.events, 'action_sent').map((e) => e.nodeId), ['follow', 'dm']);
    assert.deepEqual({ status: run.enrollment.status, node: run.enrollment.currentNode, reason: run.enrollment.endReason }, {
      status: 'failed',
      node: 'email-followup',
      reason,
    });

    const emailSend = (await activityRuns(run.handle)).filter((a) => a.name === 'sendAction')[2];
    assert.deepEqual([emailSend?.attempt, emailSend?.outcome], [1, 'failed'], 'refused once, never retried');
  });

  it('ends failed at the first action on a handle X does not allow (journeys started without enroll\'s check)', async () => {
    const run = await runJourney(h, followDmEmail(), { person: { xHandle: 'not-a-handle' } });
    assert.equal(run.state.status, 'failed');
    assert.equal(
      run.state.endReason,
      'RecipientUnreachable: sender account x:sandbox-x: cannot reach the lead on X: they have an X handle that X does not allow (1-15 letters, digits or _)',
    );
    assert.deepEqual(run.sends, []);
  });

  it('runs to the end for the default test lead', async () => {
    const run = await runJourney(h, followDmEmail());
    assert.equal(run.state.status, 'completed');
    assert.deepEqual(run.sends.map((s) => s.action), ['FOLLOW_ON_TWITTER', 'SEND_TWITTER_DM', 'SEND_EMAIL']);
  });
});
