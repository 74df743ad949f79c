import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startJourneys } from '../../src/client/start-journeys';
import { publishSequenceVersion } from '../../src/db/sequences';
import { identifierHash, parseIdentifier } from '../../src/suppression/identifier';
import { cachedSuppressionKey } from '../../src/suppression/key';
import { endJourneysOf, suppress } from '../../src/suppression/suppress';
import { journeyWorkflowId } from '../../workflows/contract';
import { compileSequence, createLead, journeyWorker, uniqueName, useJourneyHarness } from '../support/journeys';

const JOURNEYS = 40;
const SUPPRESSED = 20;
const FIVE_DMS = `
templates:
  m: { body: "message" }
nodes:
  - { id: a, action: SEND_TWITTER_DM, template: m }
  - { id: b, action: SEND_TWITTER_DM, template: m }
  - { id: c, action: SEND_TWITTER_DM, template: m }
  - { id: d, action: SEND_TWITTER_DM, template: m }
  - { id: e, action: SEND_TWITTER_DM, template: m }
edges:
  - { from: a, to: b, trigger: NORMAL_EDGE }
  - { from: b, to: c, trigger: NORMAL_EDGE }
  - { from: c, to: d, trigger: NORMAL_EDGE }
  - { from: d, to: e, trigger: NORMAL_EDGE }
  - { from: e, trigger: END }
`;

describe('suppressions arriving while journeys send', function () {
  this.timeout(240_000);
  const h = useJourneyHarness();

  it('leave no send after any suppression commits, by the event log, while sends go on around them', async () => {
    const people = await Promise.all(
      Array.from({ length: JOURNEYS }, async () => {
        const email = `${uniqueName('wave')}@example.test`;
        return { email, id: await createLead(h.db, { person: { email } }) };
      }),
    );
    const graph = compileSequence(FIVE_DMS);
    await publishSequenceVersion(h.db, graph, JSON.stringify(graph));
    const taskQueue = uniqueName('wave');
    const worker = await journeyWorker(h, taskQueue);
    const key = await cachedSuppressionKey(h.db);
    const sentSoFar = async () => Number((await h.db('events').where({ type: 'action_sent' }).whereIn('person_id', people.map((p) => p.id)).count({ n: '*' }).first())?.n);

    await worker.runUntil(async () => {
      await startJourneys(h.env.client, h.db, { sequenceName: graph.name, personIds: people.map((p) => p.id), taskQueue });
      // Awaiting a result lets the server skip time: the journeys send tick after tick, all at once. One at a
      // time, as many awaits at once overflow the test server's headers.
      const ended = (async () => {
        for (const p of people) await h.env.client.workflow.getHandle(journeyWorkflowId(graph.name, p.id)).result();
      })();
      while ((await sentSoFar()) < JOURNEYS / 2) await sleep(5);
      // One by one, in the middle of the wave.
      for (const person of people.slice(0, SUPPRESSED)) {
        const outcome = await suppress({ db: h.db, key }, [{ identifier: parseIdentifier(person.email), scope: { scope: 'global' }, reason: 'unsubscribed', source: 'test' }]);
        await endJourneysOf(h.db, h.env.client, outcome.ending);
      }
      await ended;
    });

    let late = 0;
    let before = 0;
    for (const person of people.slice(0, SUPPRESSED)) {
      const suppression = await h.db('suppressions').where({ identifier_hash: identifierHash(key, parseIdentifier(person.email)) }).first('created_at');
      const sends: Date[] = await h.db('events').where({ person_id: person.id, type: 'action_sent' }).pluck('recorded_at');
      late += sends.filter((at) => at > suppression.created_at).length;
      before += sends.length;
    }
    const ends: { end_reason: string; n: string }[] = await h.db('enrollments').whereIn('person_id', people.map((p) => p.id)).groupBy('end_reason').select('end_reason').count({ n: '*' });
    const byReason = Object.fromEntries(ends.map((e) => [e.end_reason, Number(e.n)]));
    assert.equal(late, 0, 'no send logged after the suppression of its person committed');
    assert.equal(byReason.suppressed, SUPPRESSED, 'every suppressed person\'s journey ended as suppressed');
    assert.equal(byReason['END after "e"'], JOURNEYS - SUPPRESSED, 'the others sent all five');
    assert.ok(before > 0 && before < SUPPRESSED * 5, `the wave was under way: ${before} of ${SUPPRESSED * 5} possible sends went out before the suppressions`);
    console.log(`      sends to suppressed persons before their suppression: ${before} (of ${SUPPRESSED * 5} possible), after: ${late}`);
  });
});
