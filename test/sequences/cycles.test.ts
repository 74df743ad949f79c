import assert from 'node:assert/strict';
import { graphOf, rejects } from './helpers';

const loop = (maxVisits: string) => `
  name: t
  templates:
    hi: { body: hello }
  nodes:
    - { id: dm, action: SEND_TWITTER_DM, template: hi }
    - { id: wait, action: CHECK_FOR_REPLY${maxVisits} }
  edges:
    - { from: dm, to: wait, trigger: NORMAL_EDGE }
    - { from: wait, trigger: REPLIED, within: 2d }
    - { from: wait, to: dm, trigger: NOT_REPLIED }
`;

describe('cycles', () => {
  it('rejects a cycle where no node declares max_visits, naming its nodes', () => {
    const p = rejects(loop(''), 5, 'unbounded cycle dm -> wait -> dm: set max_visits on one of its nodes');
    assert.equal(p.node, 'dm');
  });

  it('rejects a node that loops to itself without max_visits', () => {
    rejects(
      `
      name: t
      templates:
        nudge: { body: bump }
      nodes:
        - { id: nudge, action: SEND_EMAIL, template: nudge }
      edges:
        - { from: nudge, trigger: REPLIED, within: 2d }
        - { from: nudge, to: nudge, trigger: NOT_REPLIED }
      `,
      5,
      'unbounded cycle nudge -> nudge',
    );
  });

  it('accepts a cycle bounded by max_visits on one node, and compiles maxVisits only where declared', () => {
    const graph = graphOf(loop(', max_visits: 3'));
    assert.deepEqual(
      graph.nodes.map((n) => n.maxVisits),
      [undefined, 3],
    );
    assert.ok(!('maxVisits' in (graph.nodes[0] ?? {})));
  });

  it('rejects only the cycle that is left unbounded', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: a, action: CHECK_FOR_REPLY, max_visits: 2 }
        - { id: b, action: CHECK_FOR_REPLY }
        - { id: c, action: CHECK_FOR_REPLY }
      edges:
        - { from: a, to: b, trigger: REPLIED, within: 1d }
        - { from: a, to: a, trigger: NOT_REPLIED }
        - { from: b, to: c, trigger: REPLIED, within: 1d }
        - { from: b, to: a, trigger: NOT_REPLIED }
        - { from: c, to: b, trigger: NORMAL_EDGE }
      `,
      4,
      'unbounded cycle b -> c -> b',
    );
  });

  it('rejects a max_visits that is not a positive integer', () => {
    rejects(loop(', max_visits: 0'), 6, 'node wait: "max_visits" must be a positive integer');
  });
});
