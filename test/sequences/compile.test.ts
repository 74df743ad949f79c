import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { nodeExit } from '../../src/sequences/graph';
import { loadSequenceFile, SequenceValidationError, validateSequence } from '../../src/sequences/validate';
import { graphOf } from './helpers';

const examples = join(__dirname, '../../examples/sequences');
const DAY = 24 * 3600 * 1000;

describe('compiling sequences', () => {
  it('compiles the follow-dm-reply example', () => {
    const graph = loadSequenceFile(join(examples, 'follow-dm-reply.yaml'));
    assert.equal(graph.name, 'follow-dm-reply');
    assert.equal(graph.start, 'follow');
    assert.deepEqual(graph.nodes, [
      { id: 'follow', action: 'FOLLOW_ON_TWITTER' },
      { id: 'intro', action: 'SEND_TWITTER_DM', template: 'intro' },
      { id: 'nudge', action: 'SEND_TWITTER_DM', template: 'nudge', maxVisits: 2 },
      { id: 'unfollow', action: 'UNFOLLOW_ON_TWITTER' },
    ]);
    assert.deepEqual(graph.edges, [
      { from: 'follow', to: 'intro', trigger: 'FOLLOWED_BACK', withinMs: 5 * DAY },
      { from: 'follow', to: 'unfollow', trigger: 'NOT_FOLLOWED_BACK', withinMs: 5 * DAY },
      { from: 'intro', to: null, trigger: 'REPLIED', withinMs: 3 * DAY },
      { from: 'intro', to: 'nudge', trigger: 'NOT_REPLIED', withinMs: 3 * DAY },
      { from: 'nudge', to: null, trigger: 'REPLIED', withinMs: 4 * DAY },
      { from: 'nudge', to: 'nudge', trigger: 'NOT_REPLIED', withinMs: 4 * DAY },
      { from: 'unfollow', to: null, trigger: 'END' },
    ]);
    assert.deepEqual(graph.templates.intro?.variants.map((v) => [v.id, v.weight]), [['compliment', 50], ['question', 50]]);
    assert.deepEqual(graph.templates.nudge?.variants.map((v) => [v.id, v.weight]), [['default', 100]]);
    assert.deepEqual(nodeExit(graph, 'follow'), {
      kind: 'wait',
      positive: [{ observation: 'followed_back', edge: graph.edges[0] }],
      negative: graph.edges[1],
      windowMs: 5 * DAY,
    });
  });

  it('compiles the connection-note JSON example', () => {
    const graph = loadSequenceFile(join(examples, 'connection-note.json'));
    assert.equal(graph.start, 'connect');
    assert.deepEqual(graph.nodes, [
      { id: 'connect', action: 'SEND_CONNECTION_REQUEST', template: 'note' },
      { id: 'welcome', action: 'SEND_LINKEDIN_DM', template: 'welcome' },
    ]);
    assert.deepEqual(graph.edges, [
      { from: 'connect', to: null, trigger: 'REPLIED_TO_NOTE', withinMs: 14 * DAY },
      { from: 'connect', to: 'welcome', trigger: 'CONNECTION_ACCEPTED', withinMs: 14 * DAY },
      { from: 'connect', to: null, trigger: 'CONNECTION_NOT_ACCEPTED', withinMs: 14 * DAY },
      { from: 'welcome', to: null, trigger: 'REPLIED', withinMs: 7 * DAY },
      { from: 'welcome', to: null, trigger: 'NOT_REPLIED', withinMs: 7 * DAY },
    ]);
    assert.deepEqual(graph.templates.welcome?.variants.map((v) => v.weight), [33, 33, 34]);
    const exit = nodeExit(graph, 'connect');
    assert.equal(exit.kind, 'wait');
    assert.deepEqual(exit.kind === 'wait' && exit.positive.map((p) => p.observation), ['replied_to_note', 'connection_accepted']);
  });

  it('reads the same sequence from YAML and from JSON', () => {
    const yaml = readFileSync(join(examples, 'follow-dm-reply.yaml'), 'utf8');
    const fromYaml = validateSequence(yaml, { fileName: 'a.yaml' });
    assert.ok(fromYaml.ok);
    const fromJson = validateSequence(JSON.stringify(parse(yaml), null, 2), { fileName: 'a.json' });
    assert.ok(fromJson.ok);
    assert.deepEqual(fromJson.graph, fromYaml.graph);
  });

  it('accepts the sequence from the format document', () => {
    const graph = graphOf(`
      name: follow-dm-reply
      description: Follow on X, DM after a follow-back, branch on the reply
      start: follow
      variables: [company]
      templates:
        intro:
          variants:
            - { id: a, weight: 50, body: "Hey {{ first_name | default: 'there' }}, loved your posts about {{ company }}" }
            - { id: b, weight: 50, body: "..." }
        nudge:
          body: "Just bumping this"
      nodes:
        - { id: follow, action: FOLLOW_ON_TWITTER }
        - { id: dm, action: SEND_TWITTER_DM, template: intro }
        - { id: bump, action: SEND_TWITTER_DM, template: nudge, max_visits: 2 }
      edges:
        - { from: follow, to: dm, trigger: FOLLOWED_BACK, within: 3d }
        - { from: follow, trigger: NOT_FOLLOWED_BACK, within: 3d }
        - { from: dm, trigger: REPLIED, within: 2d }
        - { from: dm, to: bump, trigger: NOT_REPLIED, within: 2d }
        - { from: bump, trigger: END }
    `);
    assert.equal(graph.description, 'Follow on X, DM after a follow-back, branch on the reply');
  });

  it('collects every problem and throws them together from loadSequenceFile', () => {
    let error: unknown;
    try {
      loadSequenceFile(join(__dirname, 'fixtures/many-problems.yaml'));
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof SequenceValidationError);
    assert.deepEqual(
      error.problems.map((p) => p.line),
      [3, 5, 8],
    );
    assert.match(error.message, /many-problems\.yaml: 3 problems\n.*many-problems\.yaml:3:\d+: node follow: unknown action/);
  });
});
