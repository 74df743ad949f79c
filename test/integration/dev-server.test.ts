import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { sandboxChannels } from '../../src/channels/sandbox';
import { startJourneys } from '../../src/client/start-journeys';
import { getEnrollment } from '../../src/db/enrollments';
import { listEvents } from '../../src/db/events';
import { listSandboxSends } from '../../src/db/sandbox';
import { publishSequenceVersion } from '../../src/db/sequences';
import { startDevServer } from '../../src/temporal/dev-server';
import { createJourneyWorker } from '../../src/worker/create-worker';
import { journeyWorkflowId } from '../../workflows/contract';
import { testDb } from '../support/database';
import { historyText } from '../support/secrets';
import { compileSequence, createLead, ensureSandboxSenders, uniqueName } from '../support/journeys';

const TICK_MS = 1000;

const SEQUENCE = `
templates:
  hello:
    variants:
      - { id: a, weight: 50, body: "Hi {{ first_name }}, version A" }
      - { id: b, weight: 50, body: "Hi {{ first_name }}, version B" }
nodes:
  - { id: follow, action: FOLLOW_ON_TWITTER }
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
  - { id: unfollow, action: UNFOLLOW_ON_TWITTER }
edges:
  - { from: follow, to: dm, trigger: FOLLOWED_BACK, within: 4s }
  - { from: follow, to: unfollow, trigger: NOT_FOLLOWED_BACK }
  - { from: dm, trigger: REPLIED, within: 3s }
  - { from: dm, trigger: NOT_REPLIED }
  - { from: unfollow, trigger: END }
`;

describe('a whole sequence on the Temporal dev server with Postgres', function () {
  this.timeout(180_000);
  let server: TestWorkflowEnvironment;
  let db: Knex;

  before(async () => {
    [server, db] = await Promise.all([startDevServer(), testDb()]);
    await ensureSandboxSenders(db);
  });
  after(async () => {
    await server?.teardown();
  });

  it('runs every lead to its branch and leaves the journey in Postgres and in the search attributes', async () => {
    const graph = compileSequence(SEQUENCE);
    await publishSequenceVersion(db, graph, SEQUENCE);
    const replier = await createLead(db, { person: { firstName: 'Rita' }, script: { followsBackAfter: '1500ms', repliesAfter: '1s', replySentiment: 'positive' } });
    const silent = await createLead(db, { person: { firstName: 'Sam' }, script: { followsBackAfter: '1s' } });
    const stranger = await createLead(db, { person: { firstName: 'Tom' }, script: {} });
    const taskQueue = uniqueName('integration');
    const worker = await createJourneyWorker({
      connection: server.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: { db, channels: sandboxChannels(db), tickMs: TICK_MS },
    });

    await worker.runUntil(async () => {
      const started = await startJourneys(server.client, db, { sequenceName: graph.name, personIds: [replier, silent, stranger], taskQueue });
      assert.equal(started.started.length, 3);
      await Promise.all(
        [replier, silent, stranger].map((id) => server.client.workflow.getHandle(journeyWorkflowId(graph.name, id)).result()),
      );
    });

    const wf = (personId: string) => journeyWorkflowId(graph.name, personId);
    for (const personId of [replier, silent, stranger]) {
      assert.equal((await getEnrollment(db, wf(personId)))?.status, 'completed');
    }
    const actions = async (personId: string) => (await listSandboxSends(db, personId)).map((s) => s.action);
    assert.deepEqual(await actions(replier), ['FOLLOW_ON_TWITTER', 'SEND_TWITTER_DM']);
    assert.deepEqual(await actions(silent), ['FOLLOW_ON_TWITTER', 'SEND_TWITTER_DM']);
    assert.deepEqual(await actions(stranger), ['FOLLOW_ON_TWITTER', 'UNFOLLOW_ON_TWITTER']);

    const [dm] = (await listSandboxSends(db, replier)).filter((s) => s.action === 'SEND_TWITTER_DM');
    assert.match(dm?.body ?? '', /^Hi Rita, version [AB]$/);
    for (const personId of [replier, silent, stranger]) {
      for (const send of await listSandboxSends(db, personId)) assert.equal(send.sentAt.getTime() % TICK_MS, 0);
    }

    const triggers = async (personId: string) =>
      (await listEvents(db, wf(personId))).filter((e) => e.type === 'branch_taken').map((e) => e.detail.trigger);
    assert.deepEqual(await triggers(replier), ['FOLLOWED_BACK', 'REPLIED']);
    assert.deepEqual(await triggers(silent), ['FOLLOWED_BACK', 'NOT_REPLIED']);
    assert.deepEqual(await triggers(stranger), ['NOT_FOLLOWED_BACK']);

    const replies = (await listEvents(db, wf(replier))).filter((e) => e.type === 'outcome_observed');
    assert.deepEqual(replies.map((e) => [e.detail.observation, e.detail.positive]), [['followed_back', null], ['replied', true]]);

    const history = await historyText(server.client, wf(replier));
    assert.ok(history.includes(`"personId":"${replier}"`), 'the decoded history is readable');
    assert.ok(!history.includes('Rita'), 'neither the lead\'s name nor a rendered message enters the workflow history');

    const query = `OutreachSequence="${graph.name}" AND OutreachStatus="completed"`;
    const expected = [wf(replier), wf(silent), wf(stranger)].sort();
    assert.deepEqual(await eventually(() => listWorkflowIds(server, query), expected), expected);
  });
});

async function listWorkflowIds(server: TestWorkflowEnvironment, query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const execution of server.client.workflow.list({ query })) ids.push(execution.workflowId);
  return ids.sort();
}

/** Visibility is eventually consistent: poll (a bounded number of times) until the answer is the expected one. */
async function eventually<T>(read: () => Promise<T>, expected: T, attempts = 20): Promise<T> {
  let last = await read();
  for (let i = 1; i < attempts && JSON.stringify(last) !== JSON.stringify(expected); i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    last = await read();
  }
  return last;
}
