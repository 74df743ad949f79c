import type { AuthoredSequence } from './authored';
import { uniqueNodes } from './graph-rules';
import type { SequenceProblem } from './problems';
import { count } from './quote';

/**
 * A cycle is bounded when one of its nodes declares max_visits. So the nodes without it must form no
 * cycle: each strongly connected group of them (or a node with an edge to itself) is reported once.
 * Every step is iterative and linear in nodes plus edges, whatever the shape of the graph.
 */
export function checkCycles(seq: AuthoredSequence): SequenceProblem[] {
  const nodes = uniqueNodes(seq);
  const unbounded = [...nodes.values()].filter((n) => n.maxVisits === undefined).map((n) => n.id);
  const next = new Map<string, string[]>(unbounded.map((id) => [id, []]));
  const selfLoops = new Set<string>();
  for (const e of seq.edges) {
    // An END edge with a `to` is reported on its own; it never leads anywhere.
    if (e.from === undefined || e.to === undefined || e.trigger === 'END' || !next.has(e.to)) continue;
    next.get(e.from)?.push(e.to);
    if (e.from === e.to && next.has(e.from)) selfLoops.add(e.from);
  }
  const order = new Map(unbounded.map((id, i) => [id, i]));
  return stronglyConnected(unbounded, next)
    .filter((group) => group.length > 1 || selfLoops.has(group[0] ?? ''))
    .map((group) => group.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)))
    .map((group) => {
      const path = cycleThrough(group, next);
      const first = nodes.get(path[0] ?? '');
      const message = `unbounded cycle ${showPath(path)}: set max_visits on one of its nodes`;
      return { message, ...first?.at, node: first?.id };
    });
}

/** A closed path inside one strongly connected group, starting and ending at its first node in file order. */
function cycleThrough(group: string[], next: Map<string, string[]>): string[] {
  const members = new Set(group);
  const start = group[0] ?? '';
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head] as string;
    for (const to of next.get(id) ?? []) {
      if (!members.has(to)) continue;
      if (to === start) return [...pathTo(id, start, cameFrom), start];
      if (!cameFrom.has(to)) {
        cameFrom.set(to, id);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

/** Nodes of a long cycle shown before the rest is summarised, so the message stays one readable line. */
const PATH_SHOWN = 10;

/** `a -> b -> a`, or `a -> b -> ... (988 more) -> z -> a` for a long one. */
function showPath(path: string[]): string {
  if (path.length <= PATH_SHOWN + 2) return path.join(' -> ');
  const hidden = path.length - PATH_SHOWN - 2;
  return [...path.slice(0, PATH_SHOWN), `... (${count(hidden)} more)`, ...path.slice(-2)].join(' -> ');
}

function pathTo(id: string, start: string, cameFrom: Map<string, string>): string[] {
  const path = [id];
  for (let at = id; at !== start; ) {
    at = cameFrom.get(at) ?? start;
    path.push(at);
  }
  return path.reverse();
}

/** Tarjan's algorithm with an explicit stack of (node, next edge to look at) instead of recursion. */
function stronglyConnected(ids: string[], next: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  for (const root of ids) {
    if (index.has(root)) continue;
    const calls: { id: string; edge: number }[] = [];
    const enter = (id: string) => {
      index.set(id, index.size);
      low.set(id, index.size - 1);
      stack.push(id);
      onStack.add(id);
      calls.push({ id, edge: 0 });
    };
    enter(root);
    while (calls.length > 0) {
      const call = calls[calls.length - 1] as { id: string; edge: number };
      const edges = next.get(call.id) ?? [];
      if (call.edge < edges.length) {
        const to = edges[call.edge++] as string;
        if (!index.has(to)) enter(to);
        else if (onStack.has(to)) low.set(call.id, Math.min(low.get(call.id) ?? 0, index.get(to) ?? 0));
        continue;
      }
      calls.pop();
      const parent = calls[calls.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(call.id) ?? 0));
      if (low.get(call.id) !== index.get(call.id)) continue;
      const group: string[] = [];
      for (let top = stack.pop(); top !== undefined; top = top === call.id ? undefined : stack.pop()) {
        onStack.delete(top);
        group.push(top);
      }
      groups.push(group);
    }
  }
  return groups;
}
