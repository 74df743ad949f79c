import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { startJourneys } from '../../src/client/start-journeys';
import { getEnrollment } from '../../src/db/enrollments';
import { listSandboxSends } from '../../src/db/sandbox';
import { publishSequenceVersion } from '../../src/db/sequences';
import { validateSequence } from '../../src/sequences/validate';
import { journeyWorkflowId } from '../../workflows/contract';
import { testDb } from '../support/database';
import { DAY, createLead, ensureSandboxSenders, journeyWorker, uniqueName } from '../support/journeys';
import { timeSkippingEnv } from '../support/temporal';

function version(name: string, body: string) {
  const text = `
name: ${name}
templates:
  hello: { body: "${body}" }
nodes:
  - { id: follow, action: FOLLOW_ON_TWITTER }
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
edges:
  - { from: follow, to: dm, trigger: FOLLOWED_BACK, within: 3d }
  - { from: follow, trigger: NOT_FOLLOWED_BACK }
  - { from: dm, trigger: END }
`;
  const result = validateSequence(text, { fileName: 'versions.yaml' });
  assert.ok(result.ok);
  return { graph: result.graph, text };
}

describe('sequence versions', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;
  let db: Knex;

  before(async () => {
    [env, db] = await Promise.all([timeSkippingEnv(), testDb()]);
    await ensureSandboxSenders(db);
  });
  after(async () => {
    await env?.teardown();
  });

  it('keeps a journey on the version it started with when a new version is published mid-flight', async () => {
    const name = uniqueName('versioned');
    const v1 = version(name, 'first wording');
    const v2 = version(name, 'second wording');
    const early = await createLead(db, { script: { followsBackAfter: '2d' } });
    const late = await createLead(db, { script: { followsBackAfter: '1h' } });
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker({ env, db }, taskQueue);

    await worker.runUntil(async () => {
      const published1 = await publishSequenceVersion(db, v1.graph, v1.text);
      await startJourneys(env.client, db, { sequenceName: name, personIds: [early], taskQueue });
      await env.sleep(DAY);
      const published2 = await publishSequenceVersion(db, v2.graph, v2.text);
      assert.deepEqual([published1.version, published2.version], [1, 2]);
      const second = await startJourneys(env.client, db, { sequenceName: name, personIds: [late, early], taskQueue });
      assert.deepEqual([second.version, second.started, second.alreadyEnrolled], [2, [late], [early]]);
      // One result() at a time: each unlocks time skipping while it waits, and concurrent ones race on the lock.
      for (const id of [early, late]) await env.client.workflow.getHandle(journeyWorkflowId(name, id)).result();
    });

    const dmBody = async (personId: string) =>
      (await listSandboxSends(db, personId)).find((s) => s.action === 'SEND_TWITTER_DM')?.body;
    assert.equal(await dmBody(early), 'first wording');
    assert.equal(await dmBody(late), 'second wording');
    const enrollment = await getEnrollment(db, journeyWorkflowId(name, early));
    const stored = await db('sequence_versions').where({ id: enrollment?.sequenceVersionId }).first();
    assert.equal(stored?.version, 1);
  });
});
