import assert from 'node:assert/strict';
import { buildReport, UnknownSequenceError } from '../../src/reports/build';
import type { CohortStats, Report, VersionReport } from '../../src/reports/types';
import { useJourneyHarness } from '../support/journeys';
import { expectedAbTests, expectedCohort, pathsOf } from './expected';
import { runScenario, type Scenario } from './scenario';

const V1_ALL: CohortStats = {
  enrolled: 10,
  nodes: [
    { id: 'follow', entered: 10, visits: 10, done: 10, failed: 0 },
    { id: 'intro', entered: 8, visits: 8, done: 6, failed: 2 },
    { id: 'unfollow', entered: 4, visits: 4, done: 4, failed: 0 },
    { id: 'check', entered: 6, visits: 6, done: 6, failed: 0 },
  ],
  sent: { x: 20, email: 0, linkedin: 0, xmtp: 0 },
  messaged: 6,
  reads: 0,
  replies: 4,
  positiveReplies: 2,
  steps: [
    { from: 'follow', to: 'intro', trigger: 'FOLLOWED_BACK', entered: 10, took: 8, rate: 0.8 },
    { from: 'follow', to: 'unfollow', trigger: 'NOT_FOLLOWED_BACK', entered: 10, took: 2, rate: 0.2 },
    { from: 'intro', to: 'check', trigger: 'NORMAL_EDGE', entered: 8, took: 6, rate: 0.75 },
    { from: 'check', to: 'unfollow', trigger: 'NOT_REPLIED', entered: 6, took: 2, rate: 0.3333 },
  ],
  sentToReplied: { from: 6, to: 4, rate: 0.6667 },
  repliedToPositive: { from: 4, to: 2, rate: 0.5 },
};

const V2_ALL: CohortStats = {
  enrolled: 10,
  nodes: [
    { id: 'follow', entered: 10, visits: 10, done: 10, failed: 0 },
    { id: 'intro', entered: 8, visits: 8, done: 8, failed: 0 },
    { id: 'unfollow', entered: 4, visits: 4, done: 4, failed: 0 },
    { id: 'bump', entered: 6, visits: 6, done: 4, failed: 2 },
  ],
  sent: { x: 22, email: 4, linkedin: 0, xmtp: 0 },
  messaged: 8,
  reads: 4,
  replies: 4,
  positiveReplies: 2,
  steps: [
    { from: 'follow', to: 'intro', trigger: 'FOLLOWED_BACK', entered: 10, took: 8, rate: 0.8 },
    { from: 'follow', to: 'unfollow', trigger: 'NOT_FOLLOWED_BACK', entered: 10, took: 2, rate: 0.2 },
    { from: 'intro', to: 'bump', trigger: 'NOT_REPLIED', entered: 8, took: 6, rate: 0.75 },
    { from: 'bump', to: 'unfollow', trigger: 'NOT_REPLIED', entered: 6, took: 2, rate: 0.3333 },
  ],
  sentToReplied: { from: 8, to: 4, rate: 0.5 },
  repliedToPositive: { from: 4, to: 2, rate: 0.5 },
};

describe('sequence report from a scripted sandbox run', function () {
  this.timeout(180_000);
  const h = useJourneyHarness();
  let scenario: Scenario;
  let report: Report;

  before(async function () {
    this.timeout(180_000);
    scenario = await runScenario(h);
    report = await buildReport(h.db, scenario.name);
  });

  const version = (n: number) => report.versions.find((v) => v.version === n) as VersionReport;

  it('reports both published versions, each with its graph in BFS order and the window each edge waits', () => {
    assert.deepEqual(report.versions.map((v) => v.version), [1, 2]);
    assert.deepEqual(version(1).graph, {
      start: 'follow',
      nodes: [
        { id: 'follow', action: 'FOLLOW_ON_TWITTER', depth: 0 },
        { id: 'intro', action: 'SEND_TWITTER_DM', depth: 1 },
        { id: 'unfollow', action: 'UNFOLLOW_ON_TWITTER', depth: 1 },
        { id: 'check', action: 'CHECK_FOR_REPLY', depth: 2 },
      ],
      edges: [
        { from: 'follow', to: 'intro', trigger: 'FOLLOWED_BACK', within: '1d' },
        { from: 'follow', to: 'unfollow', trigger: 'NOT_FOLLOWED_BACK', within: '1d' },
        { from: 'intro', to: 'check', trigger: 'NORMAL_EDGE', within: null },
        { from: 'check', to: null, trigger: 'REPLIED', within: '1d' },
        { from: 'check', to: 'unfollow', trigger: 'NOT_REPLIED', within: '1d' },
        { from: 'unfollow', to: null, trigger: 'END', within: null },
      ],
    });
    assert.deepEqual(version(2).graph.nodes.map((n) => [n.id, n.depth]), [['follow', 0], ['intro', 1], ['unfollow', 1], ['bump', 2]]);
  });

  it('counts every journey of version 1 per node, channel, outcome and step, as the scripts play out', () => {
    assert.deepEqual(version(1).all, V1_ALL);
    assert.deepEqual(expectedCohort(version(1).graph, pathsOf(scenario, 1)), V1_ALL);
  });

  it('counts version 2 apart from version 1, with the emails, a failed email and reads of DM and email counted once per journey', () => {
    assert.deepEqual(version(2).all, V2_ALL);
    assert.deepEqual(expectedCohort(version(2).graph, pathsOf(scenario, 2)), V2_ALL);
  });

  it('reports each A/B variant of each template as the sum of the leads its variant_chosen events put in it', () => {
    for (const n of [1, 2]) assert.deepEqual(version(n).abTests, expectedAbTests(scenario, version(n)));
    assert.deepEqual(report.versions.map((v) => v.abTests.map((t) => t.template)), [['intro'], ['intro', 'bump']]);
  });

  it('puts every journey that reached a templated node in exactly one of its variants', () => {
    const enrolled = (v: VersionReport, template: string) =>
      v.abTests.find((t) => t.template === template)?.variants.reduce((sum, x) => sum + x.enrolled, 0);
    assert.equal(enrolled(version(1), 'intro'), 8);
    assert.equal(enrolled(version(2), 'intro'), 8);
    assert.equal(enrolled(version(2), 'bump'), 6);
  });

  it('refuses an unknown sequence, naming it', async () => {
    await assert.rejects(buildReport(h.db, 'no-such-sequence'), (error: unknown) => {
      assert.ok(error instanceof UnknownSequenceError);
      assert.match(error.message, /"no-such-sequence"/);
      return true;
    });
  });
});
