import { type AuthoredEdge, type AuthoredNode, type AuthoredSequence, edgeProblem, nodeProblem } from './authored';
import { triggersAllowedAfter } from './pairs';
import type { SequenceProblem } from './problems';
import { hinter } from './suggest';

/** Node ids to nodes, keeping the first of duplicates (the rest are reported). */
export function uniqueNodes(seq: AuthoredSequence): Map<string, AuthoredNode> {
  const byId = new Map<string, AuthoredNode>();
  for (const node of seq.nodes) if (!byId.has(node.id)) byId.set(node.id, node);
  return byId;
}

/** Each node id to the edges leaving it, in file order: one pass, so rules over exits stay linear. */
export function edgesByFrom(seq: AuthoredSequence): Map<string, AuthoredEdge[]> {
  const byFrom = new Map<string, AuthoredEdge[]>();
  for (const edge of seq.edges) {
    if (edge.from === undefined) continue;
    const list = byFrom.get(edge.from);
    if (list) list.push(edge);
    else byFrom.set(edge.from, [edge]);
  }
  return byFrom;
}

export function startNodeId(seq: AuthoredSequence): string | undefined {
  return seq.start ?? seq.nodes[0]?.id;
}

/** Ids, references, what may follow what, ways out, and reachability. */
export function checkGraph(seq: AuthoredSequence): SequenceProblem[] {
  const problems: SequenceProblem[] = [];
  const byId = uniqueNodes(seq);
  const hint = hinter(byId.keys());
  for (const node of seq.nodes) {
    const first = byId.get(node.id);
    if (first !== node) problems.push(nodeProblem(node, `duplicate node id (first declared on line ${first?.at.line})`, 'id'));
  }
  if (seq.start !== undefined && !byId.has(seq.start)) {
    problems.push({ message: `sequence: start node "${seq.start}" does not exist${hint(seq.start)}`, ...(seq.fieldAt.start ?? seq.at), field: 'start' });
  }

  for (const edge of seq.edges) {
    const from = edge.from === undefined ? undefined : byId.get(edge.from);
    if (edge.from !== undefined && !from) {
      problems.push(edgeProblem(edge, `from node "${edge.from}" does not exist${hint(edge.from)}`, 'from'));
    }
    if (edge.to !== undefined && !byId.has(edge.to)) {
      problems.push(edgeProblem(edge, `to node "${edge.to}" does not exist${hint(edge.to)}`, 'to'));
    }
    if (edge.trigger === 'END' && edge.to !== undefined) {
      problems.push(edgeProblem(edge, 'an END edge ends the journey, so it takes no "to" (use NORMAL_EDGE to move on)', 'to'));
    }
    if (from?.action && edge.trigger && !triggersAllowedAfter(from.action).includes(edge.trigger)) {
      const allowed = triggersAllowedAfter(from.action).join(', ');
      problems.push(edgeProblem(edge, `${edge.trigger} cannot follow ${from.action}; after ${from.action} use ${allowed}`, 'trigger'));
    }
  }

  const exits = edgesByFrom(seq);
  for (const node of byId.values()) {
    if (!exits.has(node.id)) problems.push(nodeProblem(node, 'has no way out: add an edge from it (trigger END to finish the journey there)'));
  }

  const start = startNodeId(seq);
  if (start !== undefined && byId.has(start)) {
    const reached = reachableFrom(exits, start);
    for (const node of byId.values()) {
      if (!reached.has(node.id)) problems.push(nodeProblem(node, `is unreachable from the start node ${start}`));
    }
  }
  return problems;
}

/** Breadth-first over the edges with a `to`; each edge is looked at once. */
function reachableFrom(exits: Map<string, AuthoredEdge[]>, start: string): Set<string> {
  const reached = new Set([start]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    for (const edge of exits.get(queue[head] as string) ?? []) {
      if (edge.to !== undefined && !reached.has(edge.to)) {
        reached.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return reached;
}
