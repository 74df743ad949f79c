import assert from 'node:assert/strict';
import { RENDER_MEMORY_LIMIT } from '../../src/sequences/template-limits';
import {
  activityRuns,
  compileSequence,
  createLead,
  eventsOf,
  journeyRecords,
  journeyWorker,
  startJourney,
  uniqueName,
  useJourneyHarness,
} from '../support/journeys';

/** One DM whose template grows with the lead's `count` and `piece`, which validation cannot know. */
function repeatingDm(body: string) {
  return compileSequence(`
variables: [count, piece]
templates:
  intro: { body: ${JSON.stringify(body)} }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: intro }
edges:
  - { from: dm, trigger: END }
`);
}

interface HostileCase {
  what: string;
  body: string;
  hostile: Record<string, string>;
  reason: string;
  /** What the next lead's message (count 2, piece "ok ") reads. */
  nextSends: string;
}

const HOSTILE: HostileCase[] = [
  {
    what: 'a billion-pass loop',
    body: '{% for i in (1..count) %}xxxxxxxxxx{% endfor %}',
    hostile: { count: '1000000000' },
    reason: 'rendering stopped at the limit of 1,000,000 characters and list items a render may build or scan',
    nextSends: 'x'.repeat(20),
  },
  {
    what: 'loops nested over a range',
    body: '{% assign r = (1..count) %}{% for a in r %}{% for b in r %}{% for c in r %}{{ piece }}{% endfor %}{% endfor %}{% endfor %}',
    hostile: { count: '1000', piece: '' },
    reason: 'rendering stopped at the limit of 100,000 steps a render may take (every piece rendered, loop pass and item a filter evaluates is a step)',
    nextSends: 'ok ok ok ok ok ok ok ok',
  },
  {
    what: 'a huge output',
    body: '{% for i in (1..count) %}{{ piece }}{% endfor %}',
    hostile: { count: '100000', piece: 'y'.repeat(5_000) },
    reason: 'rendering stopped at the limit of 50,000 characters a message may have',
    nextSends: 'ok ok',
  },
];

describe('a hostile template at send time', function () {
  this.timeout(120_000);
  const h = useJourneyHarness();

  for (const { what, body, hostile, reason, nextSends } of HOSTILE) {
    it(`fails only the journey whose values make ${what}, at once, and the same worker then sends the next`, async () => {
      const graph = repeatingDm(body);
      const victim = await createLead(h.db, { person: { attributes: hostile } });
      const next = await createLead(h.db, { person: { attributes: { count: '2', piece: 'ok ' } } });
      const taskQueue = uniqueName('q');
      const worker = await journeyWorker(h, taskQueue);
      const heapBefore = process.memoryUsage().heapUsed;
      const peakBefore = process.resourceUsage().maxRSS * 1024;

      const [failed, sent] = await worker.runUntil(async () => {
        const first = await startJourney(h, taskQueue, graph, victim);
        const failedState = await first.result();
        const second = await startJourney(h, taskQueue, graph, next);
        return [{ handle: first, state: failedState }, { handle: second, state: await second.result() }];
      });

      const fullReason = `InvalidJourneyInput: node dm, variant default, body: ${reason}`;
      assert.equal(failed.state.status, 'failed');
      assert.equal(failed.state.endReason, fullReason);
      const victimRecords = await journeyRecords(h.db, graph.name, victim);
      assert.deepEqual(victimRecords.sends, []);
      assert.equal(victimRecords.enrollment.status, 'failed');
      assert.equal(victimRecords.enrollment.endReason, fullReason);
      assert.deepEqual(eventsOf(victimRecords.events, 'action_failed').map((e) => e.detail), [{ action: 'SEND_TWITTER_DM', reason: fullReason }]);
      const sendRuns = (await activityRuns(failed.handle)).filter((a) => a.name === 'sendAction');
      assert.deepEqual(sendRuns.map((a) => [a.attempt, a.outcome]), [[1, 'failed']], 'no retry is spent on a render that cannot succeed');

      assert.equal(sent.state.status, 'completed');
      const nextRecords = await journeyRecords(h.db, graph.name, next);
      assert.deepEqual(nextRecords.sends.map((s) => [s.action, s.body]), [['SEND_TWITTER_DM', nextSends]]);

      const bound = 64 * RENDER_MEMORY_LIMIT;
      const heapGrown = process.memoryUsage().heapUsed - heapBefore;
      const peakGrown = process.resourceUsage().maxRSS * 1024 - peakBefore;
      assert.ok(heapGrown < bound, `heap grew by ${heapGrown} bytes, more than ${bound}`);
      assert.ok(peakGrown < bound, `peak resident memory grew by ${peakGrown} bytes, more than ${bound}`);
    });
  }
});
