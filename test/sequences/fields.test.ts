import assert from 'node:assert/strict';
import { problemsOf, rejects } from './helpers';

describe('field rules', () => {
  it('rejects an unknown action and lists the allowed ones', () => {
    const p = rejects(
      `
      name: t
      nodes:
        - { id: follow, action: FOLLOW_ON_TWITER }
      edges:
        - { from: follow, trigger: END }
      `,
      3,
      'node follow',
      'unknown action "FOLLOW_ON_TWITER"',
      'did you mean "FOLLOW_ON_TWITTER"',
      'SEND_TWITTER_DM, SEND_LINKEDIN_DM',
    );
    assert.equal(p.node, 'follow');
    assert.equal(p.field, 'action');
  });

  it('rejects an unknown trigger and lists the allowed ones', () => {
    const p = rejects(
      `
      name: t
      nodes:
        - { id: follow, action: FOLLOW_ON_TWITTER }
      edges:
        - { from: follow, trigger: FOLLOWED }
      `,
      5,
      'edge #1 (follow -> (end), FOLLOWED)',
      'unknown trigger "FOLLOWED"',
      'REPLIED_TO_NOTE',
    );
    assert.equal(p.edge, 1);
  });

  it('rejects a misspelled field on a node', () => {
    rejects(
      `
      name: t
      templates:
        hi: { body: hello }
      nodes:
        - { id: dm, action: SEND_TWITTER_DM, tempalte: hi }
      edges:
        - { from: dm, trigger: END }
      `,
      5,
      'node dm',
      'unknown field "tempalte"',
      'did you mean "template"',
    );
  });

  it('rejects an unknown field on an edge', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: a, action: FOLLOW_ON_TWITTER }
      edges:
        - from: a
          trigger: END
          delay: 3d
      `,
      7,
      'edge #1 (a -> (end), END)',
      'unknown field "delay"',
    );
  });

  it('rejects an unknown top-level field', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: a, action: FOLLOW_ON_TWITTER }
      edge:
        - { from: a, trigger: END }
      `,
      4,
      'sequence',
      'unknown field "edge"',
      'did you mean "edges"',
    );
  });

  it('rejects missing required fields, naming the owner and the field', () => {
    const problems = problemsOf(`
      nodes:
        - { id: a }
      edges:
        - { from: a }
    `);
    const byField = (field: string) => problems.find((p) => p.field === field);
    assert.match(byField('name')?.message ?? '', /sequence: missing required field "name"/);
    assert.match(byField('action')?.message ?? '', /node a: missing required field "action"/);
    assert.equal(byField('action')?.line, 2);
    assert.match(byField('trigger')?.message ?? '', /edge #1 \(a -> \(end\), \?\): missing required field "trigger"/);
    assert.equal(byField('trigger')?.line, 4);
  });

  it('names a node without an id by its position in the list', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: a, action: FOLLOW_ON_TWITTER }
        - { action: FOLLOW_ON_TWITTER }
      edges:
        - { from: a, trigger: END }
      `,
      4,
      'node #2: missing required field "id"',
    );
  });

  it('rejects a duplicate node id, pointing back at the first', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: a, action: FOLLOW_ON_TWITTER }
        - { id: a, action: UNFOLLOW_ON_TWITTER }
      edges:
        - { from: a, trigger: END }
      `,
      4,
      'node a: duplicate node id (first declared on line 3)',
    );
  });

  it('rejects a duration it cannot read', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: f, action: FOLLOW_ON_TWITTER }
      edges:
        - { from: f, trigger: FOLLOWED_BACK, within: soon }
        - { from: f, trigger: NOT_FOLLOWED_BACK }
      `,
      5,
      'edge #1 (f -> (end), FOLLOWED_BACK)',
      '"soon" is not a duration',
    );
  });

  it('rejects a bare number as a duration, since its unit is unclear', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: f, action: FOLLOW_ON_TWITTER }
      edges:
        - { from: f, trigger: FOLLOWED_BACK, within: 3 }
        - { from: f, trigger: NOT_FOLLOWED_BACK }
      `,
      5,
      'edge #1 (f -> (end), FOLLOWED_BACK)',
      'within must be a duration string',
    );
  });

  for (const window of ['-2d', '0s']) {
    it(`rejects a window of ${window}`, () => {
      rejects(
        `
        name: t
        nodes:
          - { id: f, action: FOLLOW_ON_TWITTER }
        edges:
          - { from: f, trigger: FOLLOWED_BACK, within: ${window} }
          - { from: f, trigger: NOT_FOLLOWED_BACK }
        `,
        5,
        'edge #1 (f -> (end), FOLLOWED_BACK)',
        `"${window}" must be longer than zero`,
      );
    });
  }

  it('rejects ids that would not survive a workflow id or an a -> b path', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: "send dm", action: FOLLOW_ON_TWITTER }
      edges:
        - { from: a, trigger: END }
      `,
      3,
      'node #1: "id" is "send dm"',
    );
  });

  it('rejects a number where an id belongs, suggesting quotes', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: 1, action: FOLLOW_ON_TWITTER }
      edges:
        - { from: "1", trigger: END }
      `,
      3,
      'node #1: "id" must be a non-empty string (quote it: "1")',
    );
  });
});
