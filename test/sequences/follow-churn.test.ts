import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthoredEdge, AuthoredNode, AuthoredSequence } from '../../src/sequences/authored';
import { checkFollowChurn } from '../../src/sequences/follow-churn';
import type { Action } from '../../src/sequences/model';
import { formatProblems, loadSequenceFile, validateSequence } from '../../src/sequences/validate';
import { dedent, graphOf, problemsOf, rejects } from './helpers';

const CHURN = 'a person could be followed and unfollowed more than once, and X\'s automation rules forbid follow churn';

describe('follow churn', () => {
  it('accepts one follow and one unfollow', () => {
    const graph = graphOf(`
      name: t
      nodes:
        - { id: follow, action: FOLLOW_ON_TWITTER }
        - { id: unfollow, action: UNFOLLOW_ON_TWITTER }
      edges:
        - { from: follow, trigger: FOLLOWED_BACK, within: 5d }
        - { from: follow, to: unfollow, trigger: NOT_FOLLOWED_BACK }
        - { from: unfollow, trigger: END }
    `);
    assert.deepEqual(graph.nodes.map((n) => n.id), ['follow', 'unfollow']);
  });

  it('refuses a follow after the unfollow, naming both nodes, on the line of the follow that runs again', () => {
    const p = rejects(
      `
      name: t
      nodes:
        - { id: follow, action: FOLLOW_ON_TWITTER }
        - { id: unfollow, action: UNFOLLOW_ON_TWITTER }
        - { id: refollow, action: FOLLOW_ON_TWITTER }
      edges:
        - { from: follow, trigger: FOLLOWED_BACK, within: 5d }
        - { from: follow, to: unfollow, trigger: NOT_FOLLOWED_BACK }
        - { from: unfollow, to: refollow, trigger: NORMAL_EDGE }
        - { from: refollow, trigger: END }
      `,
      5,
      'node refollow: FOLLOW_ON_TWITTER can run again after node unfollow (UNFOLLOW_ON_TWITTER) unfollowed',
      CHURN,
    );
    assert.equal(p.node, 'refollow');
    const text = dedent(`
      name: t
      nodes:
        - { id: follow, action: FOLLOW_ON_TWITTER }
        - { id: unfollow, action: UNFOLLOW_ON_TWITTER }
        - { id: refollow, action: FOLLOW_ON_TWITTER }
      edges:
        - { from: follow, to: unfollow, trigger: NORMAL_EDGE }
        - { from: unfollow, to: refollow, trigger: NORMAL_EDGE }
        - { from: refollow, trigger: END }
    `);
    const result = validateSequence(text, { fileName: 'sequence.yaml' });
    assert.ok(!result.ok);
    assert.equal(
      formatProblems('sequence.yaml', result.problems),
      `sequence.yaml:5:5: node refollow: FOLLOW_ON_TWITTER can run again after node unfollow (UNFOLLOW_ON_TWITTER) unfollowed: ${CHURN} ` +
        '(end the journey after the unfollow, or lead it to nodes that never follow again)',
    );
  });

  it('refuses a cycle through the unfollow back to the follow, even when max_visits: 1 would stop the second follow (no visits are counted)', () => {
    for (const bound of ['', ', max_visits: 1']) {
      rejects(
        `
        name: t
        templates:
          hi: { body: hello }
        nodes:
          - { id: follow, action: FOLLOW_ON_TWITTER${bound} }
          - { id: unfollow, action: UNFOLLOW_ON_TWITTER }
          - { id: wait, action: CHECK_FOR_REPLY, max_visits: 3 }
        edges:
          - { from: follow, trigger: FOLLOWED_BACK, within: 5d }
          - { from: follow, to: unfollow, trigger: NOT_FOLLOWED_BACK }
          - { from: unfollow, to: wait, trigger: NORMAL_EDGE }
          - { from: wait, trigger: REPLIED, within: 7d }
          - { from: wait, to: follow, trigger: NOT_REPLIED }
        `,
        5,
        'node follow: FOLLOW_ON_TWITTER can run again after node unfollow',
      );
    }
  });

  it('refuses a follow with max_visits 2 on a cycle through the unfollow', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: follow, action: FOLLOW_ON_TWITTER, max_visits: 2 }
        - { id: unfollow, action: UNFOLLOW_ON_TWITTER }
      edges:
        - { from: follow, trigger: FOLLOWED_BACK, within: 5d }
        - { from: follow, to: unfollow, trigger: NOT_FOLLOWED_BACK }
        - { from: unfollow, to: follow, trigger: NORMAL_EDGE }
      `,
      3,
      'node follow: FOLLOW_ON_TWITTER can run again after node unfollow (UNFOLLOW_ON_TWITTER) unfollowed',
    );
  });

  it('accepts a follow visited twice with the unfollow only after the loop: the second follow is of a person already followed', () => {
    graphOf(`
      name: t
      nodes:
        - { id: follow, action: FOLLOW_ON_TWITTER, max_visits: 2 }
        - { id: unfollow, action: UNFOLLOW_ON_TWITTER }
      edges:
        - { from: follow, to: follow, trigger: NOT_FOLLOWED_BACK, within: 5d }
        - { from: follow, to: unfollow, trigger: FOLLOWED_BACK }
        - { from: unfollow, trigger: END }
    `);
  });

  it('accepts an unfollow without any follow, and an unfollow visited more than once', () => {
    graphOf(`
      name: t
      nodes:
        - { id: unfollow, action: UNFOLLOW_ON_TWITTER, max_visits: 2 }
        - { id: wait, action: CHECK_FOR_REPLY }
      edges:
        - { from: unfollow, to: wait, trigger: NORMAL_EDGE }
        - { from: wait, trigger: REPLIED, within: 3d }
        - { from: wait, to: unfollow, trigger: NOT_REPLIED }
    `);
  });

  it('reports every follow an unfollow can lead to, each once, after the nearest unfollow', () => {
    const problems = problemsOf(`
      name: t
      nodes:
        - { id: u1, action: UNFOLLOW_ON_TWITTER }
        - { id: f1, action: FOLLOW_ON_TWITTER }
        - { id: u2, action: UNFOLLOW_ON_TWITTER }
        - { id: f2, action: FOLLOW_ON_TWITTER }
      edges:
        - { from: u1, to: f1, trigger: NORMAL_EDGE }
        - { from: f1, to: u2, trigger: NORMAL_EDGE }
        - { from: u2, to: f2, trigger: NORMAL_EDGE }
        - { from: f2, to: f1, trigger: NORMAL_EDGE }
    `).filter((p) => p.message.includes('follow churn'));
    assert.deepEqual(
      problems.map((p) => [p.node, p.line, /after node (\w+)/.exec(p.message)?.[1]]),
      [
        ['f1', 4, 'u1'],
        ['f2', 6, 'u2'],
      ],
    );
  });

  it('leaves every example valid', () => {
    const dir = join(__dirname, '../../examples/sequences');
    const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f));
    assert.ok(files.length > 0);
    for (const file of files) loadSequenceFile(join(dir, file));
  });

  it('is one linear pass: a chain of 100,000 unfollow and follow nodes is reported in time, each follow once', function () {
    this.timeout(60_000);
    const n = 100_000;
    const at = { line: 1, column: 1 };
    const action = (i: number): Action => (i % 2 === 0 ? 'UNFOLLOW_ON_TWITTER' : 'FOLLOW_ON_TWITTER');
    const nodes: AuthoredNode[] = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, action: action(i), at, fieldAt: {} }));
    const edges: AuthoredEdge[] = nodes.map((_, i) => ({
      number: i + 1,
      label: `edge #${i + 1}`,
      from: `n${i}`,
      to: `n${(i + 1) % n}`,
      trigger: 'NORMAL_EDGE',
      at,
      fieldAt: {},
    }));
    const seq: AuthoredSequence = { format: 'YAML', name: 'huge', variables: [], templates: [], nodes, edges, at, fieldAt: {}, beyondLimits: false };
    const problems = checkFollowChurn(seq);
    assert.equal(problems.length, n / 2);
    assert.equal(new Set(problems.map((p) => p.node)).size, n / 2);
  });
});
