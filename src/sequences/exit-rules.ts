import { type AuthoredEdge, type AuthoredNode, type AuthoredSequence, edgeProblem, nodeProblem } from './authored';
import { edgesByFrom, uniqueNodes } from './graph-rules';
import type { Observation, Trigger } from './model';
import { isConditional, isNegative, oppositeOf, pairName, pairOf, triggersAllowedAfter, windowClosersAfter } from './pairs';
import type { SequenceProblem } from './problems';

type Exit = AuthoredEdge & { trigger: Trigger };

/**
 * The shapes `nodeExit` in graph.ts can interpret: one END, one NORMAL_EDGE, or one conditional pair
 * (plus positive-only extras) sharing one window.
 */
export function checkExits(seq: AuthoredSequence): SequenceProblem[] {
  const problems: SequenceProblem[] = [];
  const byFrom = edgesByFrom(seq);
  for (const node of uniqueNodes(seq).values()) {
    const exits = (byFrom.get(node.id) ?? []).filter((e): e is Exit => e.trigger !== undefined);
    problems.push(...checkOutcomes(exits));
    const plain = exits.find((e) => !isConditional(e.trigger));
    const other = exits.find((e) => e.trigger !== plain?.trigger);
    if (plain && other) {
      problems.push(edgeProblem(plain, `${plain.trigger} must be the only edge from ${node.id}, but ${other.label} also leaves it`, 'trigger'));
      continue;
    }
    problems.push(...checkPairs(node, exits), ...checkWindows(node, exits));
  }
  return problems;
}

function checkOutcomes(exits: Exit[]): SequenceProblem[] {
  const problems: SequenceProblem[] = [];
  const firstWith = new Map<Trigger, Exit>();
  for (const edge of exits) {
    const earlier = firstWith.get(edge.trigger);
    if (earlier) problems.push(edgeProblem(edge, `claims the same outcome as ${earlier.label}`, 'trigger'));
    else firstWith.set(edge.trigger, edge);
    if (!isConditional(edge.trigger) && edge.within !== undefined) {
      problems.push(edgeProblem(edge, `"within" applies to conditional edges only; ${edge.trigger} does not wait`, 'within'));
    }
  }
  return problems;
}

function checkPairs(node: AuthoredNode, exits: Exit[]): SequenceProblem[] {
  const problems: SequenceProblem[] = [];
  const pairs = new Set(exits.map((e) => pairOf(e.trigger)).filter((o): o is Observation => o !== undefined));
  if (pairs.size > 1) {
    const names = [...pairs].map(pairName).join(' and ');
    problems.push(nodeProblem(node, `waits on more than one conditional pair (${names}); a node waits on one pair only`));
  }
  const triggers = new Set(exits.map((e) => e.trigger));
  for (const edge of allowedConditionals(node, exits)) {
    const opposite = oppositeOf(edge.trigger);
    if (opposite && !triggers.has(opposite)) {
      problems.push(edgeProblem(edge, `${edge.trigger} needs its opposite: add a ${opposite} edge from ${node.id} (without "to" to end there)`, 'trigger'));
    }
    const closers = node.action ? windowClosersAfter(node.action) : [];
    if (!opposite && closers.length > 0 && !closers.some((t) => triggers.has(t))) {
      const closer = closers.join(' or ');
      problems.push(edgeProblem(edge, `${edge.trigger} needs the node's ${closer} edge, whose window it shares`, 'trigger'));
    }
    if (edge.trigger === 'REPLIED_TO_NOTE' && node.action === 'SEND_CONNECTION_REQUEST' && node.template === undefined) {
      problems.push(edgeProblem(edge, `REPLIED_TO_NOTE needs a note: give node ${node.id} a template`, 'trigger'));
    }
  }
  return problems;
}

/** One wait per node: at least one conditional edge states the window, and those that do agree. */
function checkWindows(node: AuthoredNode, exits: Exit[]): SequenceProblem[] {
  const conditionals = allowedConditionals(node, exits);
  const first = conditionals[0];
  if (!first || conditionals.some((e) => e.within !== undefined && e.withinMs === undefined)) return [];
  const stated = conditionals.filter((e) => e.withinMs !== undefined);
  if (stated.length === 0) {
    const target = conditionals.find((e) => isNegative(e.trigger)) ?? first;
    return [edgeProblem(target, 'has no window: add "within" (such as within: 3d), how long to wait for the outcome', 'trigger')];
  }
  const differing = stated.find((e) => e.withinMs !== stated[0]?.withinMs);
  if (!differing || !stated[0]) return [];
  const message = `its window ${differing.within} disagrees with ${stated[0].label} (${stated[0].within}); edges from ${node.id} share one window`;
  return [edgeProblem(differing, message, 'within')];
}

/** Conditional edges the node's action allows; the others are already reported. */
function allowedConditionals(node: AuthoredNode, exits: Exit[]): Exit[] {
  const allowed = node.action ? triggersAllowedAfter(node.action) : [];
  return exits.filter((e) => isConditional(e.trigger) && allowed.includes(e.trigger));
}
