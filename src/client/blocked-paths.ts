import { ACTION_CHANNEL, type Channel, type SequenceGraph, type SequenceNode } from '../sequences/model';

/** Where a journey can go for a lead who cannot be reached on some channels. */
export interface BlockedPaths {
  /**
   * Nodes, in declaration order, whose action needs a blocked channel and that the journey can enter
   * having passed only nodes it can act on: the journey would end `failed` there.
   */
  failsAt: SequenceNode[];
  /**
   * Whether some path ends the journey without entering such a node: an edge that ends it, or a cycle
   * (validation bounds every cycle with max_visits, and the visit limit ends the journey as completed).
   */
  canFinish: boolean;
}

/**
 * Walks the graph from its start over the nodes the lead can be reached on. Iterative and linear in nodes
 * and edges, so a large graph costs no stack; every outcome of a conditional edge counts as possible.
 */
export function blockedPaths(graph: SequenceGraph, blocked: ReadonlySet<Channel>): BlockedPaths {
  const isBlocked = (node: SequenceNode) => {
    const channel = ACTION_CHANNEL[node.action];
    return channel !== null && blocked.has(channel);
  };
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const next = new Map<string, (string | null)[]>();
  for (const edge of graph.edges) {
    const targets = next.get(edge.from);
    if (targets) targets.push(edge.to);
    else next.set(edge.from, [edge.to]);
  }

  const open = new Set<string>();
  const failing = new Set<string>();
  let endsOnAnEdge = false;
  const queue: string[] = [graph.start];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    const node = nodes.get(id);
    if (!node || open.has(id) || failing.has(id)) continue;
    if (isBlocked(node)) {
      failing.add(id);
      continue;
    }
    open.add(id);
    for (const to of next.get(id) ?? []) {
      if (to === null) endsOnAnEdge = true;
      else queue.push(to);
    }
  }
  return {
    failsAt: graph.nodes.filter((n) => failing.has(n.id)),
    canFinish: endsOnAnEdge || hasCycle(open, next),
  };
}

/** Kahn's algorithm on the nodes given: a cycle is what is left when no node without a predecessor remains. */
function hasCycle(ids: ReadonlySet<string>, next: ReadonlyMap<string, (string | null)[]>): boolean {
  const incoming = new Map<string, number>([...ids].map((id) => [id, 0]));
  for (const id of ids) for (const to of next.get(id) ?? []) if (to !== null && ids.has(to)) incoming.set(to, (incoming.get(to) ?? 0) + 1);
  const ready = [...ids].filter((id) => incoming.get(id) === 0);
  let removed = 0;
  while (ready.length > 0) {
    const id = ready.pop() as string;
    removed += 1;
    for (const to of next.get(id) ?? []) {
      if (to === null || !ids.has(to)) continue;
      const left = (incoming.get(to) ?? 0) - 1;
      incoming.set(to, left);
      if (left === 0) ready.push(to);
    }
  }
  return removed < ids.size;
}
