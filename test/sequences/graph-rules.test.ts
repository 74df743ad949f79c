import assert from 'node:assert/strict';
import { dedent, graphOf, rejects } from './helpers';

describe('graph rules', () => {
  it('rejects a trigger its action cannot produce, listing what may follow', () => {
    rejects(
      `
      name: t
      templates:
        hi: { body: hello }
      nodes:
        - { id: dm, action: SEND_TWITTER_DM, template: hi }
      edges:
        - { from: dm, trigger: FOLLOWED_BACK, within: 1d }
        - { from: dm, trigger: NOT_REPLIED, within: 1d }
        - { from: dm, trigger: REPLIED }
      `,
      7,
      'edge #1 (dm -> (end), FOLLOWED_BACK)',
      'FOLLOWED_BACK cannot follow SEND_TWITTER_DM',
      'use REPLIED, NOT_REPLIED, NORMAL_EDGE, END',
    );
  });

  it('lets NORMAL_EDGE and END follow any action', () => {
    const graph = graphOf(`
      name: t
      nodes:
        - { id: unfollow, action: UNFOLLOW_ON_TWITTER }
        - { id: check, action: CHECK_FOR_REPLY }
      edges:
        - { from: unfollow, to: check, trigger: NORMAL_EDGE }
        - { from: check, trigger: END }
    `);
    assert.deepEqual(graph.edges[0], { from: 'unfollow', to: 'check', trigger: 'NORMAL_EDGE' });
  });

  it('rejects an edge to a missing node', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: a, action: FOLLOW_ON_TWITTER }
        - { id: bump, action: CHECK_FOR_REPLY }
      edges:
        - { from: a, to: bmp, trigger: NORMAL_EDGE }
        - { from: bump, trigger: END }
      `,
      6,
      'edge #1 (a -> bmp, NORMAL_EDGE)',
      'to node "bmp" does not exist (did you mean "bump"?)',
    );
  });

  it('rejects an edge from a missing node', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: a, action: FOLLOW_ON_TWITTER }
      edges:
        - { from: a, trigger: END }
        - { from: ghost, trigger: END }
      `,
      6,
      'edge #2 (ghost -> (end), END)',
      'from node "ghost" does not exist',
    );
  });

  it('rejects a start that is not a node', () => {
    rejects(
      `
      name: t
      start: begin
      nodes:
        - { id: a, action: FOLLOW_ON_TWITTER }
      edges:
        - { from: a, trigger: END }
      `,
      2,
      'start node "begin" does not exist',
    );
  });

  it('rejects an END edge with a "to"', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: a, action: FOLLOW_ON_TWITTER }
        - { id: b, action: UNFOLLOW_ON_TWITTER }
      edges:
        - { from: a, to: b, trigger: END }
        - { from: b, trigger: END }
      `,
      6,
      'edge #1 (a -> b, END)',
      'an END edge ends the journey, so it takes no "to"',
    );
  });

  it('rejects a node with no way out', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: a, action: FOLLOW_ON_TWITTER }
        - { id: b, action: UNFOLLOW_ON_TWITTER }
      edges:
        - { from: a, to: b, trigger: NORMAL_EDGE }
      `,
      4,
      'node b: has no way out',
    );
  });

  it('rejects a node the start cannot reach', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: a, action: FOLLOW_ON_TWITTER }
        - { id: island, action: UNFOLLOW_ON_TWITTER }
      edges:
        - { from: a, trigger: END }
        - { from: island, trigger: END }
      `,
      4,
      'node island: is unreachable from the start node a',
    );
  });

  it('starts at the first node unless told otherwise', () => {
    const nodesAndEdges = dedent(`
      nodes:
        - { id: a, action: CHECK_FOR_REPLY }
        - { id: b, action: UNFOLLOW_ON_TWITTER }
      edges:
        - { from: b, to: a, trigger: NORMAL_EDGE }
        - { from: a, trigger: END }
    `);
    assert.equal(graphOf(`name: t\nstart: b\n${nodesAndEdges}`).start, 'b');
    rejects(`name: t\n${nodesAndEdges}`, 4, 'node b: is unreachable from the start node a');
  });
});
