import assert from 'node:assert/strict';
import { startJourneys } from '../../src/client/start-journeys';
import { getEnrollment } from '../../src/db/enrollments';
import { listSandboxSends } from '../../src/db/sandbox';
import { publishSequenceVersion } from '../../src/db/sequences';
import { parseIdentifier } from '../../src/suppression/identifier';
import { cachedSuppressionKey } from '../../src/suppression/key';
import { endJourneysOf, suppress } from '../../src/suppression/suppress';
import type { JourneyState } from '../../workflows/contract';
import {
  compileSequence,
  createLead,
  eventsOf,
  journeyRecords,
  journeyWorker,
  skipTo,
  startJourney,
  stateWhen,
  uniqueName,
  useJourneyHarness,
  type JourneyHandle,
} from '../support/journeys';
import { DM_THEN_NUDGE } from '../support/sequences';

const TWO_DMS = `
templates:
  one: { body: "one" }
  two: { body: "two" }
nodes:
  - { id: dm1, action: SEND_TWITTER_DM, template: one }
  - { id: dm2, action: SEND_TWITTER_DM, template: two }
edges:
  - { from: dm1, to: dm2, trigger: NORMAL_EDGE }
  - { from: dm2, trigger: END }
`;

describe('journeys of a suppressed person', function () {
  this.timeout(90_000);
  const h = useJourneyHarness();

  async function steer<T>(yaml: string, run: (handle: JourneyHandle, person: { id: string; email: string; handle: string }) => Promise<T>) {
    const email = `${uniqueName('ada')}@example.test`;
    const xHandle = uniqueName('ada').replace('-', '_').slice(0, 15);
    const personId = await createLead(h.db, { person: { email, xHandle } });
    const graph = compileSequence(yaml);
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    const result = await worker.runUntil(async () => run(await startJourney(h, taskQueue, graph, personId), { id: personId, email, handle: xHandle }));
    return { result, graph, ...(await journeyRecords(h.db, graph.name, personId)) };
  }

  const passNextAction = async (handle: JourneyHandle, what: string, ok: (s: JourneyState) => boolean) => {
    const before = await stateWhen(handle, 'a scheduled next action', (s) => s.nextActionAt !== null);
    await skipTo(h.env, Date.parse(before.nextActionAt as string) + 60_000);
    return stateWhen(handle, what, ok);
  };

  it('end at once when the person is suppressed while a journey waits, by any of their identifiers, and nothing more is sent', async () => {
    const { result, events, sends } = await steer(DM_THEN_NUDGE, async (handle, person) => {
      await passNextAction(handle, 'dm sent', (s) => s.sent.length === 1 && s.status === 'waiting');
      const key = await cachedSuppressionKey(h.db);
      const outcome = await suppress({ db: h.db, key }, [{ identifier: parseIdentifier(person.email), scope: { scope: 'global' }, reason: 'unsubscribed', source: 'test' }]);
      assert.equal(await endJourneysOf(h.db, h.env.client, outcome.ending), 1);
      return handle.result();
    });
    assert.deepEqual([result.status, result.endReason], ['cancelled', 'suppressed']);
    assert.deepEqual(sends.map((s) => s.body), ['hello']);
    assert.deepEqual(eventsOf(events, 'journey_ended').map((e) => e.detail), [{ status: 'cancelled', reason: 'suppressed' }]);
  });

  it('end at the next send on a channel the person is suppressed on, which sends nothing and logs why', async () => {
    const { result, events, sends, enrollment } = await steer(TWO_DMS, async (handle, person) => {
      await passNextAction(handle, 'dm1 sent', (s) => s.sent.length === 1 && s.nodeId === 'dm2');
      const key = await cachedSuppressionKey(h.db);
      // For X only: no signal, the send checks.
      const outcome = await suppress({ db: h.db, key }, [{ identifier: parseIdentifier(`@${person.handle}`), scope: { scope: 'channel', channel: 'x' }, reason: 'replied_opt_out', source: 'test' }]);
      assert.deepEqual(outcome.ending, []);
      await passNextAction(handle, 'ended', (s) => s.status === 'cancelled');
      return handle.result();
    });
    assert.deepEqual([result.status, result.endReason, enrollment.status], ['cancelled', 'suppressed', 'cancelled']);
    assert.deepEqual(sends.map((s) => s.body), ['one'], 'dm2 never reached the provider');
    const [stopped] = eventsOf(events, 'send_suppressed');
    assert.deepEqual([stopped?.nodeId, stopped?.detail.reason, stopped?.detail.scope], ['dm2', 'replied_opt_out', 'channel']);
  });

  it('are never started: enrollment records the person as skipped, with the reason', async () => {
    const email = `${uniqueName('ada')}@example.test`;
    const [suppressed, free] = [await createLead(h.db, { person: { email } }), await createLead(h.db)];
    await suppress({ db: h.db, key: await cachedSuppressionKey(h.db) }, [{ identifier: parseIdentifier(email), scope: { scope: 'global' }, reason: 'complained', source: 'test' }]);
    const graph = compileSequence(TWO_DMS);
    await publishSequenceVersion(h.db, graph, JSON.stringify(graph));
    const result = await startJourneys(h.env.client, h.db, { sequenceName: graph.name, personIds: [suppressed, free], taskQueue: uniqueName('q') });
    assert.deepEqual(result.started, [free]);
    assert.deepEqual(result.suppressed, [{ personId: suppressed, reason: 'suppressed (complained)' }]);
    const skipped = await getEnrollment(h.db, `journey-${graph.name}-${suppressed}`);
    assert.deepEqual([skipped?.status, skipped?.endReason], ['skipped', 'suppressed (complained)']);
    assert.deepEqual(await listSandboxSends(h.db, suppressed), []);
    await h.env.client.workflow.getHandle(`journey-${graph.name}-${free}`).terminate('test over');
  });
});
