import assert from 'node:assert/strict';
import { graphOf, problemsOf, rejects } from './helpers';

describe('exit rules', () => {
  it('rejects two edges that claim the same outcome', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: f, action: FOLLOW_ON_TWITTER }
        - { id: u, action: UNFOLLOW_ON_TWITTER }
      edges:
        - { from: f, trigger: FOLLOWED_BACK, within: 2d }
        - { from: f, to: u, trigger: NOT_FOLLOWED_BACK }
        - { from: f, trigger: NOT_FOLLOWED_BACK }
        - { from: u, trigger: END }
      `,
      8,
      'edge #3 (f -> (end), NOT_FOLLOWED_BACK)',
      'claims the same outcome as edge #2 (f -> u, NOT_FOLLOWED_BACK)',
    );
  });

  it('rejects END mixed with other edges on one node', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: f, action: FOLLOW_ON_TWITTER }
      edges:
        - { from: f, trigger: FOLLOWED_BACK, within: 2d }
        - { from: f, trigger: NOT_FOLLOWED_BACK }
        - { from: f, trigger: END }
      `,
      7,
      'edge #3 (f -> (end), END)',
      'END must be the only edge from f, but edge #1 (f -> (end), FOLLOWED_BACK) also leaves it',
    );
  });

  it('rejects NORMAL_EDGE mixed with other edges on one node', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: f, action: FOLLOW_ON_TWITTER }
        - { id: u, action: UNFOLLOW_ON_TWITTER }
      edges:
        - { from: f, to: u, trigger: NORMAL_EDGE }
        - { from: f, trigger: NOT_FOLLOWED_BACK, within: 1d }
        - { from: u, trigger: END }
      `,
      6,
      'edge #1 (f -> u, NORMAL_EDGE)',
      'NORMAL_EDGE must be the only edge from f',
    );
  });

  it('rejects more than one conditional pair on one node', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: f, action: FOLLOW_ON_TWITTER }
      edges:
        - { from: f, trigger: FOLLOWED_BACK, within: 2d }
        - { from: f, trigger: NOT_FOLLOWED_BACK }
        - { from: f, trigger: REPLIED }
        - { from: f, trigger: NOT_REPLIED }
      `,
      3,
      'node f: waits on more than one conditional pair (FOLLOWED_BACK/NOT_FOLLOWED_BACK and REPLIED/NOT_REPLIED)',
    );
  });

  it('rejects a positive edge without its negative', () => {
    rejects(
      `
      name: t
      templates:
        hi: { body: hello }
      nodes:
        - { id: dm, action: SEND_TWITTER_DM, template: hi }
      edges:
        - { from: dm, trigger: REPLIED, within: 2d }
      `,
      7,
      'edge #1 (dm -> (end), REPLIED)',
      'REPLIED needs its opposite: add a NOT_REPLIED edge from dm',
    );
  });

  it('rejects a negative edge without its positive', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: f, action: FOLLOW_ON_TWITTER }
      edges:
        - { from: f, trigger: NOT_FOLLOWED_BACK, within: 2d }
      `,
      5,
      'edge #1 (f -> (end), NOT_FOLLOWED_BACK)',
      'NOT_FOLLOWED_BACK needs its opposite: add a FOLLOWED_BACK edge from f',
    );
  });

  it('rejects REPLIED_TO_NOTE without the CONNECTION_NOT_ACCEPTED edge that closes its window', () => {
    rejects(
      `
      name: t
      templates:
        note: { body: "Hi, let's connect" }
      nodes:
        - { id: c, action: SEND_CONNECTION_REQUEST, template: note }
      edges:
        - { from: c, trigger: REPLIED_TO_NOTE, within: 7d }
      `,
      7,
      'edge #1 (c -> (end), REPLIED_TO_NOTE)',
      'REPLIED_TO_NOTE needs the node\'s CONNECTION_NOT_ACCEPTED edge',
    );
  });

  it('rejects REPLIED_TO_NOTE after a connection request without a note', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: c, action: SEND_CONNECTION_REQUEST }
      edges:
        - { from: c, trigger: REPLIED_TO_NOTE }
        - { from: c, trigger: CONNECTION_ACCEPTED }
        - { from: c, trigger: CONNECTION_NOT_ACCEPTED, within: 7d }
      `,
      5,
      'edge #1 (c -> (end), REPLIED_TO_NOTE)',
      'REPLIED_TO_NOTE needs a note: give node c a template',
    );
  });

  it('rejects a conditional pair without a window, pointing at the negative edge', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: f, action: FOLLOW_ON_TWITTER }
      edges:
        - { from: f, trigger: FOLLOWED_BACK }
        - { from: f, trigger: NOT_FOLLOWED_BACK }
      `,
      6,
      'edge #2 (f -> (end), NOT_FOLLOWED_BACK)',
      'has no window: add "within"',
    );
  });

  it('rejects windows that disagree within one node, comparing durations not text', () => {
    const problems = problemsOf(`
      name: t
      nodes:
        - { id: f, action: FOLLOW_ON_TWITTER }
      edges:
        - { from: f, trigger: FOLLOWED_BACK, within: 2d }
        - { from: f, trigger: NOT_FOLLOWED_BACK, within: 3d }
    `);
    const p = problems.find((x) => x.message.includes('disagrees'));
    assert.equal(p?.message, 'edge #2 (f -> (end), NOT_FOLLOWED_BACK): its window 3d disagrees with edge #1 (f -> (end), FOLLOWED_BACK) (2d); edges from f share one window');
    assert.equal(p?.line, 6);
    graphOf(`
      name: t
      nodes:
        - { id: f, action: FOLLOW_ON_TWITTER }
      edges:
        - { from: f, trigger: FOLLOWED_BACK, within: 2d }
        - { from: f, trigger: NOT_FOLLOWED_BACK, within: 48h }
    `);
  });

  it('rejects a REPLIED_TO_NOTE window that differs from its pair', () => {
    rejects(
      `
      name: t
      templates:
        note: { body: "Hi, let's connect" }
      nodes:
        - { id: c, action: SEND_CONNECTION_REQUEST, template: note }
      edges:
        - { from: c, trigger: REPLIED_TO_NOTE, within: 1d }
        - { from: c, trigger: CONNECTION_ACCEPTED }
        - { from: c, trigger: CONNECTION_NOT_ACCEPTED, within: 7d }
      `,
      9,
      'edge #3 (c -> (end), CONNECTION_NOT_ACCEPTED): its window 7d disagrees',
    );
  });

  it('rejects "within" on an edge that does not wait', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: u, action: UNFOLLOW_ON_TWITTER }
      edges:
        - { from: u, trigger: END, within: 1d }
      `,
      5,
      'edge #1 (u -> (end), END): "within" applies to conditional edges only',
    );
  });

  it('gives every conditional edge of a node the one window, wherever it is written', () => {
    const graph = graphOf(`
      name: t
      templates:
        note: { body: "Hi, let's connect" }
      nodes:
        - { id: c, action: SEND_CONNECTION_REQUEST, template: note }
      edges:
        - { from: c, trigger: REPLIED_TO_NOTE }
        - { from: c, trigger: CONNECTION_ACCEPTED, within: 14d }
        - { from: c, trigger: CONNECTION_NOT_ACCEPTED }
    `);
    assert.deepEqual(graph.edges.map((e) => e.withinMs), [14, 14, 14].map((d) => d * 24 * 3600 * 1000));
  });
});
