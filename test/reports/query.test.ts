import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { appendEvent } from '../../src/db/events';
import { publishSequenceVersion } from '../../src/db/sequences';
import type { EventType } from '../../src/db/tables';
import { buildReport } from '../../src/reports/build';
import type { CohortStats } from '../../src/reports/types';
import type { Channel } from '../../src/sequences/model';
import { testDb } from '../support/database';
import { compileSequence, createLead } from '../support/journeys';

type Step = [EventType, string?, number?, { channel?: Channel; detail?: Record<string, unknown> }?];

const GRAPH = `
templates:
  hello:
    variants:
      - { id: x, weight: 50, body: "x" }
      - { id: y, weight: 50, body: "y" }
  single: { subject: "s", body: "s" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
  - { id: nudge, action: SEND_EMAIL, template: single, max_visits: 2 }
edges:
  - { from: dm, trigger: REPLIED, within: 1d }
  - { from: dm, to: nudge, trigger: NOT_REPLIED }
  - { from: nudge, trigger: REPLIED, within: 1d }
  - { from: nudge, to: nudge, trigger: NOT_REPLIED }
`;

const sentDm = (visit = 1): Step => ['action_sent', 'dm', visit, { channel: 'x', detail: { action: 'SEND_TWITTER_DM' } }];
const sentEmail = (visit: number): Step => ['action_sent', 'nudge', visit, { channel: 'email', detail: { action: 'SEND_EMAIL' } }];
const seen = (node: string, observation: string, channel: Channel, positive: boolean | null = null): Step =>
  ['outcome_observed', node, 1, { channel, detail: { observation, positive } }];
const chose = (node: string, template: string, variant: string): Step => ['variant_chosen', node, 1, { detail: { template, variant } }];
const branch = (node: string, visit: number, trigger: string, to: string | null): Step => ['branch_taken', node, visit, { detail: { trigger, to } }];

async function journey(db: Knex, versionId: string, steps: Step[]): Promise<void> {
  const personId = await createLead(db);
  const workflowId = `synthetic-${randomUUID()}`;
  for (const [i, [type, nodeId, visit, extra]] of steps.entries()) {
    await appendEvent(db, {
      eventKey: `${workflowId}:${i}`,
      workflowId,
      sequenceVersionId: versionId,
      personId,
      type,
      ...(nodeId === undefined ? {} : { nodeId, visit: visit ?? 1 }),
      ...(extra?.channel ? { channel: extra.channel } : {}),
      detail: extra?.detail ?? {},
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
    });
  }
}

describe('report counts from hand-written events', () => {
  let db: Knex;
  let name: string;

  before(async () => {
    db = await testDb();
    const graph = compileSequence(GRAPH);
    name = graph.name;
    const v1 = await publishSequenceVersion(db, graph, 'v1');
    await publishSequenceVersion(db, { ...graph, description: 'unused' }, 'v2');
    const other = compileSequence(GRAPH);
    const elsewhere = await publishSequenceVersion(db, other, 'other');

    const start: Step[] = [['journey_started', 'dm', 0], ['node_entered', 'dm', 1]];
    await journey(db, v1.versionId, [...start, chose('dm', 'hello', 'x'), sentDm(), seen('dm', 'read', 'x'), seen('dm', 'replied', 'x', true), branch('dm', 1, 'REPLIED', null)]);
    await journey(db, v1.versionId, [
      ...start, chose('dm', 'hello', 'x'), sentDm(), branch('dm', 1, 'NOT_REPLIED', 'nudge'),
      ['node_entered', 'nudge', 1], chose('nudge', 'single', 'default'), sentEmail(1), seen('nudge', 'read', 'email'), branch('nudge', 1, 'NOT_REPLIED', 'nudge'),
      ['node_entered', 'nudge', 2], sentEmail(2), branch('nudge', 2, 'NOT_REPLIED', 'nudge'),
    ]);
    await journey(db, v1.versionId, [...start, chose('dm', 'hello', 'y'), ['action_failed', 'dm', 1, { detail: { reason: 'gone' } }]]);
    await journey(db, v1.versionId, [
      ...start, chose('dm', 'hello', 'y'), sentDm(), seen('dm', 'read', 'x'), ['outcome_observed', 'dm', 1, { channel: 'xmtp', detail: { observation: 'read' } }],
      seen('dm', 'replied', 'x', false), branch('dm', 1, 'REPLIED', null),
    ]);
    await journey(db, v1.versionId, [['node_entered', 'dm', 1], sentDm()]);
    await journey(db, elsewhere.versionId, [...start, chose('dm', 'hello', 'x'), sentDm(), seen('dm', 'replied', 'x', true)]);
  });

  const cohort = (over: Partial<CohortStats>): CohortStats => ({
    enrolled: 0,
    nodes: [
      { id: 'dm', entered: 0, visits: 0, done: 0, failed: 0 },
      { id: 'nudge', entered: 0, visits: 0, done: 0, failed: 0 },
    ],
    sent: { x: 0, email: 0, linkedin: 0, xmtp: 0 },
    messaged: 0,
    reads: 0,
    replies: 0,
    positiveReplies: 0,
    steps: [
      { from: 'dm', to: 'nudge', trigger: 'NOT_REPLIED', entered: 0, took: 0, rate: null },
      { from: 'nudge', to: 'nudge', trigger: 'NOT_REPLIED', entered: 0, took: 0, rate: null },
    ],
    sentToReplied: { from: 0, to: 0, rate: null },
    repliedToPositive: { from: 0, to: 0, rate: null },
    ...over,
  });

  it('counts journeys once per node however often they come back, visits apart, and only journeys that started', async () => {
    const [v1] = (await buildReport(db, name)).versions;
    assert.deepEqual(
      v1?.all,
      cohort({
        enrolled: 4,
        nodes: [
          { id: 'dm', entered: 4, visits: 4, done: 3, failed: 1 },
          { id: 'nudge', entered: 1, visits: 2, done: 1, failed: 0 },
        ],
        sent: { x: 3, email: 2, linkedin: 0, xmtp: 0 },
        messaged: 3,
        reads: 3,
        replies: 2,
        positiveReplies: 1,
        steps: [
          { from: 'dm', to: 'nudge', trigger: 'NOT_REPLIED', entered: 4, took: 1, rate: 0.25 },
          { from: 'nudge', to: 'nudge', trigger: 'NOT_REPLIED', entered: 1, took: 1, rate: 1 },
        ],
        sentToReplied: { from: 3, to: 2, rate: 0.6667 },
        repliedToPositive: { from: 2, to: 1, rate: 0.5 },
      }),
    );
  });

  it('splits by the variant each journey chose, and leaves single-variant templates out of the A/B tests', async () => {
    const [v1] = (await buildReport(db, name)).versions;
    assert.deepEqual(v1?.abTests.map((t) => [t.template, t.variants.map((v) => [v.variant, v.weight])]), [['hello', [['x', 50], ['y', 50]]]]);
    const [x, y] = v1?.abTests[0]?.variants ?? [];
    assert.deepEqual(
      { ...x, variant: undefined, weight: undefined },
      {
        ...cohort({
          enrolled: 2,
          nodes: [
            { id: 'dm', entered: 2, visits: 2, done: 2, failed: 0 },
            { id: 'nudge', entered: 1, visits: 2, done: 1, failed: 0 },
          ],
          sent: { x: 2, email: 2, linkedin: 0, xmtp: 0 },
          messaged: 2,
          reads: 2,
          replies: 1,
          positiveReplies: 1,
          steps: [
            { from: 'dm', to: 'nudge', trigger: 'NOT_REPLIED', entered: 2, took: 1, rate: 0.5 },
            { from: 'nudge', to: 'nudge', trigger: 'NOT_REPLIED', entered: 1, took: 1, rate: 1 },
          ],
          sentToReplied: { from: 2, to: 1, rate: 0.5 },
          repliedToPositive: { from: 1, to: 1, rate: 1 },
        }),
        variant: undefined,
        weight: undefined,
      },
    );
    assert.deepEqual([y?.enrolled, y?.nodes[0], y?.reads, y?.replies, y?.positiveReplies], [
      2,
      { id: 'dm', entered: 2, visits: 2, done: 1, failed: 1 },
      1,
      1,
      0,
    ]);
  });

  it('lists a version nobody has started with zeros everywhere, in the same shape', async () => {
    const [, v2] = (await buildReport(db, name)).versions;
    assert.equal(v2?.version, 2);
    assert.deepEqual(v2?.all, cohort({ steps: cohort({}).steps.map((s) => ({ ...s })) }));
    assert.deepEqual(v2?.abTests[0]?.variants.map((v) => v.enrolled), [0, 0]);
  });
});
