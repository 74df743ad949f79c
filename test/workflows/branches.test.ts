import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { getEnrollment } from '../../src/db/enrollments';
import { listEvents } from '../../src/db/events';
import { listSandboxSends } from '../../src/db/sandbox';
import { testDb } from '../support/database';
import {
  SIX_HOURS,
  compileSequence,
  createLead,
  ensureSandboxSenders,
  journeyWorker,
  startJourney,
  uniqueName,
  type JourneyHarness,
} from '../support/journeys';
import { timeSkippingEnv } from '../support/temporal';

const FOLLOW_THEN_DM = `
templates:
  hello: { body: "Hi {{ first_name }}" }
nodes:
  - { id: follow, action: FOLLOW_ON_TWITTER }
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
edges:
  - { from: follow, to: dm, trigger: FOLLOWED_BACK, within: 3d }
  - { from: follow, trigger: NOT_FOLLOWED_BACK }
  - { from: dm, trigger: REPLIED, within: 2d }
  - { from: dm, trigger: NOT_REPLIED }
`;

describe('journey branches', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;
  let db: Knex;
  let h: JourneyHarness;

  before(async () => {
    [env, db] = await Promise.all([timeSkippingEnv(), testDb()]);
    await ensureSandboxSenders(db);
    h = { env, db };
  });
  after(async () => {
    await env?.teardown();
  });

  it('follows, DMs after the follow-back, and ends on the reply, acting on 6-hour boundaries', async () => {
    const graph = compileSequence(FOLLOW_THEN_DM);
    const personId = await createLead(db, { script: { followsBackAfter: '20h', repliesAfter: '3h', replySentiment: 'positive' } });
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    const state = await worker.runUntil(async () => {
      const handle = await startJourney(h, taskQueue, graph, personId);
      return handle.result();
    });

    assert.equal(state.status, 'completed');
    const sends = await listSandboxSends(db, personId);
    assert.deepEqual(sends.map((s) => s.action), ['FOLLOW_ON_TWITTER', 'SEND_TWITTER_DM']);
    for (const send of sends) assert.equal(send.sentAt.getTime() % SIX_HOURS, 0, `${send.action} at ${send.sentAt.toISOString()}`);
    const [follow, dm] = sends;
    assert.equal(dm!.body, 'Hi Ada');
    // Follow-back 20 h after the follow is first seen on the check at the 24 h boundary; the DM goes out then.
    assert.equal(dm!.sentAt.getTime() - follow!.sentAt.getTime(), 24 * 3_600_000);

    const enrollment = await getEnrollment(db, handle(graph.name, personId));
    assert.equal(enrollment?.status, 'completed');
    const events = await listEvents(db, handle(graph.name, personId));
    const branches = events.filter((e) => e.type === 'branch_taken').map((e) => e.detail.trigger);
    assert.deepEqual(branches, ['FOLLOWED_BACK', 'REPLIED']);
  });
});

function handle(sequence: string, personId: string): string {
  return `journey-${sequence}-${personId}`;
}
