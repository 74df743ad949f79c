import assert from 'node:assert/strict';
import { buildReport } from '../../src/reports/build';
import { SUPPRESSED_END_REASON } from '../../workflows/contract';
import { branchTriggers, compileSequence, DAY, eventsOf, runJourney, useJourneyHarness } from '../support/journeys';
import { EMAIL_THEN_NUDGE } from '../support/sequences';


describe('a check reads what a reply says (the sandbox answers with text)', function () {
  this.timeout(120_000);
  const h = useJourneyHarness();

  it('suppresses the person on an opt-out a check finds, and the journey ends with nothing more sent', async () => {
    const graph = compileSequence(EMAIL_THEN_NUDGE);
    const { state, sends, workflowId } = await runJourney(h, graph, { script: { repliesAfter: '10h', replyText: 'Bitte austragen, danke.' } });
    assert.deepEqual([state.status, state.endReason], ['cancelled', SUPPRESSED_END_REASON]);
    assert.deepEqual(sends.map((s) => s.body), ['hello']);
    const suppression = await h.db('suppressions').where({ source: `check:${workflowId}` }).first();
    assert.deepEqual([suppression?.identifier_kind, suppression?.scope, suppression?.reason], ['email', 'global', 'replied_opt_out']);
  });

  it('takes a positive reply a check finds as REPLIED, counted positive in the report', async () => {
    const graph = compileSequence(EMAIL_THEN_NUDGE);
    const { events, sends } = await runJourney(h, graph, { script: { repliesAfter: '10h', replyText: "Sounds great, let's set up a call next week." } });
    assert.deepEqual(branchTriggers(events), ['REPLIED']);
    assert.deepEqual(sends.map((s) => s.body), ['hello', 'thanks']);
    const report = await buildReport(h.db, graph.name);
    assert.deepEqual([report.versions[0]?.all.replies, report.versions[0]?.all.positiveReplies], [1, 1]);
  });

  it('takes an out-of-office note a check finds as no reply, and sends the nudge no earlier than the return day', async () => {
    const graph = compileSequence(EMAIL_THEN_NUDGE);
    const back = new Date((await h.env.currentTimeMs()) + 12 * DAY);
    const day = back.toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
    const returnAt = Date.UTC(back.getUTCFullYear(), back.getUTCMonth(), back.getUTCDate());
    const { events, sends, state } = await runJourney(h, graph, { script: { repliesAfter: '10h', replyText: `I am out of the office until ${day}.` } });
    assert.deepEqual(branchTriggers(events), ['NOT_REPLIED']);
    assert.deepEqual(sends.map((s) => s.body), ['hello', 'nudge']);
    const nudged = eventsOf(events, 'action_sent').find((e) => e.nodeId === 'nudge');
    assert.ok(nudged && nudged.occurredAt.getTime() >= returnAt, `the nudge went ${nudged?.occurredAt.toISOString()}, before ${new Date(returnAt).toISOString()}`);
    assert.ok(state.history.some((step) => step.what === 'send deferred'));
  });
});
