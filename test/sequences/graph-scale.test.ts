import assert from 'node:assert/strict';
import type { AuthoredEdge, AuthoredNode, AuthoredSequence } from '../../src/sequences/authored';
import { compileSequence } from '../../src/sequences/compile';
import { checkCycles } from '../../src/sequences/cycles';
import { checkExits } from '../../src/sequences/exit-rules';
import { checkGraph } from '../../src/sequences/graph-rules';
import type { Trigger } from '../../src/sequences/model';
import { problemsOf } from './helpers';

/**
 * Far past the node limit on purpose: the rules take the sequence as read, so this shows each pass is
 * iterative (no stack overflow) and linear (a quadratic pass would not finish within the test's timeout).
 */
const HUGE = 100_000;
const at = { line: 1, column: 1 };

function node(id: string, maxVisits?: number): AuthoredNode {
  return { id, action: 'CHECK_FOR_REPLY', ...(maxVisits === undefined ? {} : { maxVisits }), at, fieldAt: {} };
}

function edge(number: number, from: string, to: string | undefined, trigger: Trigger, withinMs?: number): AuthoredEdge {
  return { number, label: `edge #${number}`, from, to, trigger, ...(withinMs === undefined ? {} : { within: '1d', withinMs }), at, fieldAt: {} };
}

function sequence(nodes: AuthoredNode[], edges: AuthoredEdge[]): AuthoredSequence {
  return { format: 'YAML', name: 'huge', variables: [], templates: [], nodes, edges, at, fieldAt: {}, beyondLimits: false };
}

/** n checks, each waiting a day for a reply and moving on either way; the last one ends. */
function waitingChain(n: number, closeTheLoop: boolean): AuthoredSequence {
  const nodes = Array.from({ length: n }, (_, i) => node(`n${i}`));
  const edges = nodes.flatMap((_, i) => {
    const to = i < n - 1 ? `n${i + 1}` : closeTheLoop ? 'n0' : undefined;
    return [edge(2 * i + 1, `n${i}`, to, 'REPLIED', 86_400_000), edge(2 * i + 2, `n${i}`, to, 'NOT_REPLIED')];
  });
  return sequence(nodes, edges);
}

describe('graph rules at scale', function () {
  this.timeout(120_000);

  it(`finds no problem in a chain of ${HUGE.toLocaleString('en-US')} waiting nodes and compiles it`, () => {
    const seq = waitingChain(HUGE, false);
    assert.deepEqual([...checkGraph(seq), ...checkExits(seq), ...checkCycles(seq)], []);
    const graph = compileSequence(seq);
    assert.equal(graph.edges.length, 2 * HUGE);
    assert.ok(graph.edges.every((e) => e.withinMs === 86_400_000));
  });

  it(`reports a cycle through ${HUGE.toLocaleString('en-US')} nodes once, with its path shortened`, () => {
    const problems = checkCycles(waitingChain(HUGE, true));
    assert.equal(problems.length, 1);
    assert.equal(
      problems[0]?.message,
      'unbounded cycle n0 -> n1 -> n2 -> n3 -> n4 -> n5 -> n6 -> n7 -> n8 -> n9 -> ... (99,989 more) -> n99999 -> n0: set max_visits on one of its nodes',
    );
    const bounded = waitingChain(HUGE, true);
    bounded.nodes[HUGE / 2] = node(`n${HUGE / 2}`, 3);
    assert.deepEqual(checkCycles(bounded), []);
  });

  it(`reports ${HUGE.toLocaleString('en-US')} separate self-loops, each once`, () => {
    const nodes = Array.from({ length: HUGE }, (_, i) => node(`n${i}`));
    const edges = nodes.map((n, i) => edge(i + 1, n.id, n.id, 'NORMAL_EDGE'));
    const problems = checkCycles(sequence(nodes, edges));
    assert.equal(problems.length, HUGE);
    assert.equal(problems[HUGE - 1]?.message, 'unbounded cycle n99999 -> n99999: set max_visits on one of its nodes');
  });

  it(`reports every unreachable node and every missing target among ${HUGE.toLocaleString('en-US')}`, () => {
    const nodes = Array.from({ length: HUGE }, (_, i) => node(`n${i}`));
    const edges = nodes.map((n, i) => edge(i + 1, n.id, `gone${i}`, 'NORMAL_EDGE'));
    const problems = checkGraph(sequence(nodes, edges));
    assert.equal(problems.filter((p) => p.message.endsWith('is unreachable from the start node n0')).length, HUGE - 1);
    assert.equal(problems.filter((p) => /to node "gone\d+" does not exist/.test(p.message)).length, HUGE);
  });

  it('still suggests the node a misspelt reference meant', () => {
    const problems = problemsOf(`
      name: t
      nodes:
        - { id: follow-up, action: CHECK_FOR_REPLY }
      edges:
        - { from: folow-up, trigger: END }
    `);
    assert.ok(problems.some((p) => p.message === 'edge #1 (folow-up -> (end), END): from node "folow-up" does not exist (did you mean "follow-up"?)'));
  });
});
