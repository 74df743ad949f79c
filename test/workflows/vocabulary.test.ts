import assert from 'node:assert/strict';
import { recordJourneyStart } from '../../src/db/enrollments';
import { pauseSignal, resumeSignal } from '../../workflows/contract';
import { JOURNEY_STATUSES, STEP_EVENTS, type JourneyStepKind } from '../../workflows/vocabulary';
import { journeyFixture } from '../db/fixtures';
import {
  DAY,
  compileSequence,
  createLead,
  journeyRecords,
  journeyWorker,
  startJourney,
  uniqueName,
  useJourneyHarness,
} from '../support/journeys';

describe('the journey vocabulary', function () {
  this.timeout(120_000);
  const h = useJourneyHarness();

  it('is what the enrollments table accepts: every journey status and skipped, nothing else', async () => {
    const { versionId, personId, workflowId } = await journeyFixture(h.db);
    await recordJourneyStart(h.db, { workflowId, sequenceVersionId: versionId, personId, startedAt: new Date() });
    const setStatus = (status: string) => h.db.raw('update enrollments set status = ? where workflow_id = ?', [status, workflowId]);
    for (const status of [...JOURNEY_STATUSES, 'skipped']) await setStatus(status);
    await assert.rejects(setStatus('running'), /violates check constraint/);
  });

  it('logs every step of the path that has an event with that event, at the same node and visit', async () => {
    const graph = compileSequence(`
templates:
  hello: { body: "hello" }
  nudge: { body: "nudge" }
nodes:
  - { id: follow, action: FOLLOW_ON_TWITTER }
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
  - { id: nudge, action: SEND_TWITTER_DM, template: nudge }
edges:
  - { from: follow, to: dm, trigger: FOLLOWED_BACK, within: 2d }
  - { from: follow, trigger: NOT_FOLLOWED_BACK }
  - { from: dm, trigger: REPLIED, within: 1d }
  - { from: dm, to: nudge, trigger: NOT_REPLIED }
  - { from: nudge, trigger: END }
`);
    const personId = await createLead(h.db, { script: { followsBackAfter: '7h' } });
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    const state = await worker.runUntil(async () => {
      const handle = await startJourney(h, taskQueue, graph, personId);
      await h.env.sleep(DAY);
      await handle.signal(pauseSignal);
      await h.env.sleep(DAY);
      await handle.signal(resumeSignal);
      return handle.result();
    });
    assert.equal(state.status, 'completed');
    const { events } = await journeyRecords(h.db, graph.name, personId);

    const logged = Object.entries(STEP_EVENTS).filter((entry): entry is [JourneyStepKind, NonNullable<(typeof entry)[1]>] => entry[1] !== null);
    const fromSteps = state.history.flatMap((s) => logged.filter(([step]) => step === s.what).map(([, type]) => `${type} ${s.nodeId}:${s.visit}`));
    const fromEvents = events
      .filter((e) => logged.some(([, type]) => type === e.type))
      .map((e) => `${e.type} ${e.nodeId}:${e.visit}`);
    assert.deepEqual([...fromSteps].sort(), [...fromEvents].sort());
    for (const type of ['node_entered', 'action_sent', 'outcome_observed', 'branch_taken', 'journey_paused', 'journey_resumed', 'journey_ended']) {
      assert.ok(fromSteps.some((s) => s.startsWith(`${type} `)), `the journey went through a ${type}`);
    }
  });
});
