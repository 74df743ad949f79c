import type { AuthoredSequence } from './authored';
import { uniqueNodes } from './graph-rules';
import type { SequenceProblem } from './problems';

/**
 * A cycle is bounded when one of its nodes declares max_visits. So the nodes without it must form no
 * cycle: each strongly connected group of them (or a node with an edge to itself) is reported once.
 */
export function checkCycles(seq: AuthoredSequence): SequenceProblem[] {
  const nodes = uniqueNodes(seq);
  const unbounded = [...nodes.values()].filter((n) => n.maxVisits === undefined).map((n) => n.id);
  const next = new Map<string, string[]>(unbounded.map((id) => [id, []]));
  for (const e of seq.edges) {
    // An END edge with a `to` is reported on its own; it never leads anywhere.
    if (e.from !== undefined && e.to !== undefined && e.trigger !== 'END' && next.has(e.to)) next.get(e.from)?.push(e.to);
  }
  return stronglyConnected(unbounded, next)
    .filter((group) => group.length > 1 || next.get(group[0] ?? '')?.includes(group[0] ?? ''))
    .map((group) => {
      const path = cycleThrough(group, next);
      const first = nodes.get(path[0] ?? '');
      const message = `unbounded cycle ${path.join(' -> ')}: set max_visits on one of its nodes`;
      return { message, ...first?.at, node: first?.id };
    });
}

/** A closed path inside one strongly connected group, starting and ending at its first node in file order. */
function cycleThrough(group: string[], next: Map<string, string[]>): string[] {
  const members = new Set(group);
  const start = group[0] ?? '';
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
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

function pathTo(id: string, start: string, cameFrom: Map<string, string>): string[] {
  const path = [id];
  for (let at = id; at !== start; ) {
    at = cameFrom.get(at) ?? start;
    path.unshift(at);
  }
  return path;
}

/** Tarjan's algorithm; groups keep the file order of their nodes. */
function stronglyConnected(ids: string[], next: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (id: string): void => {
    index.set(id, index.size);
    low.set(id, index.get(id) ?? 0);
    stack.push(id);
    onStack.add(id);
    for (const to of next.get(id) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(id, Math.min(low.get(id) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) {
        low.set(id, Math.min(low.get(id) ?? 0, index.get(to) ?? 0));
      }
    }
    if (low.get(id) !== index.get(id)) return;
    const group = new Set<string>();
    for (let top = stack.pop(); top !== undefined; top = top === id ? undefined : stack.pop()) {
      onStack.delete(top);
      group.add(top);
    }
    groups.push(ids.filter((n) => group.has(n)));
  };
  for (const id of ids) if (!index.has(id)) visit(id);
  return groups;
}
