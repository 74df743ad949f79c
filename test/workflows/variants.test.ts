import assert from 'node:assert/strict';
import { startJourneys } from '../../src/client/start-journeys';
import { publishSequenceVersion } from '../../src/db/sequences';
import {
  compileSequence,
  createLead,
  eventsOf,
  journeyHandle,
  journeyRecords,
  journeyWorker,
  resultsInTurn,
  runJourney,
  uniqueName,
  useJourneyHarness,
} from '../support/journeys';

describe('journey A/B variants', function () {
  this.timeout(60_000);
  const h = useJourneyHarness();

  it('chooses a variant once per template per journey, records it, and sends that variant', async () => {
    const graph = compileSequence(`
templates:
  intro:
    variants:
      - { id: warm, body: "Hey {{ first_name }}!" }
      - { id: formal, body: "Dear {{ first_name }}," }
  followup:
    subject: "About {{ first_name }}'s releases"
    body: "Following up"
nodes:
  - { id: dm1, action: SEND_TWITTER_DM, template: intro }
  - { id: dm2, action: SEND_LINKEDIN_DM, template: intro }
  - { id: email, action: SEND_EMAIL, template: followup }
edges:
  - { from: dm1, to: dm2, trigger: NORMAL_EDGE }
  - { from: dm2, to: email, trigger: NORMAL_EDGE }
  - { from: email, trigger: END }
`);
    const run = await runJourney(h, graph);
    const chosen = eventsOf(run.events, 'variant_chosen');
    assert.deepEqual(
      chosen.map((e) => [e.nodeId, e.detail.template]),
      [
        ['dm1', 'intro'],
        ['email', 'followup'],
      ],
    );
    const intro = chosen[0]!.detail.variant as string;
    assert.ok(['warm', 'formal'].includes(intro));
    assert.equal(chosen[1]!.detail.variant, 'default');
    assert.deepEqual(run.state.variants, { intro, followup: 'default' });
    assert.deepEqual(run.enrollment.variantChoices, { intro, followup: 'default' });

    const text = intro === 'warm' ? 'Hey Ada!' : 'Dear Ada,';
    assert.deepEqual(
      run.sends.map((s) => [s.action, s.subject, s.body]),
      [
        ['SEND_TWITTER_DM', null, text],
        ['SEND_LINKEDIN_DM', null, text],
        ['SEND_EMAIL', "About Ada's releases", 'Following up'],
      ],
    );
    assert.deepEqual(
      eventsOf(run.events, 'action_sent').map((e) => e.detail.variant),
      [intro, intro, 'default'],
    );
  });

  it('splits twenty leads on a 50/50 test: both variants go out, each lead receives the one recorded for it', async () => {
    const graph = compileSequence(`
templates:
  intro:
    variants:
      - { id: a, weight: 50, body: "Variant A for {{ first_name }}" }
      - { id: b, weight: 50, body: "Variant B for {{ first_name }}" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: intro }
edges:
  - { from: dm, trigger: END }
`);
    const personIds = await Promise.all(Array.from({ length: 20 }, (_, i) => createLead(h.db, { person: { firstName: `Lead${i}` } })));
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    await publishSequenceVersion(h.db, graph, JSON.stringify(graph));
    const states = await worker.runUntil(async () => {
      const started = await startJourneys(h.env.client, h.db, { sequenceName: graph.name, personIds, taskQueue });
      assert.equal(started.started.length, 20);
      return resultsInTurn(personIds.map((id) => journeyHandle(h, graph.name, id)));
    });
    assert.ok(states.every((s) => s.status === 'completed'));

    const seen = new Map<string, number>();
    for (const [i, personId] of personIds.entries()) {
      const { sends, events, enrollment } = await journeyRecords(h.db, graph.name, personId);
      const chosen = eventsOf(events, 'variant_chosen');
      assert.equal(chosen.length, 1);
      const variant = chosen[0]!.detail.variant as string;
      seen.set(variant, (seen.get(variant) ?? 0) + 1);
      assert.deepEqual(sends.map((s) => s.body), [`Variant ${variant.toUpperCase()} for Lead${i}`]);
      assert.deepEqual(enrollment.variantChoices, { intro: variant });
    }
    assert.deepEqual([...seen.keys()].sort(), ['a', 'b'], `variants sent: ${JSON.stringify(Object.fromEntries(seen))}`);
  });
});
