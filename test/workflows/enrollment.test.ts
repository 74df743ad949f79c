import assert from 'node:assert/strict';
import { startJourneys } from '../../src/client/start-journeys';
import { listSandboxSends } from '../../src/db/sandbox';
import { publishSequenceVersion } from '../../src/db/sequences';
import { journeyStateQuery } from '../../workflows/contract';
import {
  compileSequence,
  createLead,
  journeyHandle,
  journeyWorker,
  runJourney,
  stateWhen,
  startJourney,
  uniqueName,
  useJourneyHarness,
} from '../support/journeys';

function oneDm(body = 'Hello') {
  return compileSequence(`
templates:
  hello: { body: "${body}" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
edges:
  - { from: dm, trigger: END }
`);
}

describe('journey enrollment', function () {
  this.timeout(60_000);
  const h = useJourneyHarness();

  async function enrollmentRows(sequenceName: string, personId: string): Promise<number> {
    const rows = await h.db('enrollments')
      .whereIn('sequence_id', h.db('sequences').where({ name: sequenceName }).select('id'))
      .where({ person_id: personId })
      .count<{ count: string }[]>({ count: '*' });
    return Number(rows[0]?.count);
  }

  it('refuses to enroll a person whose journey in the sequence is still running', async () => {
    const graph = oneDm();
    const personId = await createLead(h.db);
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    await worker.runUntil(async () => {
      const handle = await startJourney(h, taskQueue, graph, personId);
      const firstRun = (await handle.describe()).runId;
      await stateWhen(handle, 'the journey waiting for its first tick', (s) => s.nextActionAt !== null);

      const again = await startJourneys(h.env.client, h.db, { sequenceName: graph.name, personIds: [personId], taskQueue });
      assert.deepEqual(again, { version: 1, started: [], alreadyEnrolled: [personId], unknown: [], suppressed: [] });
      assert.equal((await handle.describe()).runId, firstRun);
      assert.equal((await handle.query(journeyStateQuery)).run, 1);
      await handle.result();
    });
    assert.equal((await listSandboxSends(h.db, personId)).length, 1);
    assert.equal(await enrollmentRows(graph.name, personId), 1);
  });

  it('refuses to enroll a person again after their journey finished, even on a newer version', async () => {
    const graph = oneDm('Hello v1');
    const first = await runJourney(h, graph);
    assert.equal(first.state.status, 'completed');
    const taskQueue = uniqueName('q');

    const sameVersion = await startJourneys(h.env.client, h.db, { sequenceName: graph.name, personIds: [first.personId], taskQueue });
    assert.deepEqual(sameVersion, { version: 1, started: [], alreadyEnrolled: [first.personId], unknown: [], suppressed: [] });

    const v2 = oneDm('Hello v2');
    const published = await publishSequenceVersion(h.db, { ...v2, name: graph.name }, 'v2');
    assert.equal(published.version, 2);
    const newerVersion = await startJourneys(h.env.client, h.db, { sequenceName: graph.name, personIds: [first.personId], taskQueue });
    assert.deepEqual(newerVersion, { version: 2, started: [], alreadyEnrolled: [first.personId], unknown: [], suppressed: [] });

    const handle = journeyHandle(h, graph.name, first.personId);
    assert.equal((await handle.describe()).runId, (await first.handle.describe()).runId);
    assert.equal(await enrollmentRows(graph.name, first.personId), 1);
    assert.deepEqual((await listSandboxSends(h.db, first.personId)).map((s) => s.body), ['Hello v1']);
  });

  it('starts the new people of a batch and reports the one already enrolled', async () => {
    const graph = oneDm();
    const first = await runJourney(h, graph);
    const newcomer = await createLead(h.db);
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    const state = await worker.runUntil(async () => {
      const result = await startJourneys(h.env.client, h.db, {
        sequenceName: graph.name,
        personIds: [first.personId, newcomer],
        taskQueue,
      });
      assert.deepEqual(result, { version: 1, started: [newcomer], alreadyEnrolled: [first.personId], unknown: [], suppressed: [] });
      return journeyHandle(h, graph.name, newcomer).result();
    });
    assert.equal(state.status, 'completed');
    assert.equal(await enrollmentRows(graph.name, first.personId), 1);
    assert.equal(await enrollmentRows(graph.name, newcomer), 1);
  });
});
