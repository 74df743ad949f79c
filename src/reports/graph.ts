import { nodeExit } from '../sequences/graph';
import { CONDITIONAL_TRIGGERS, type SequenceGraph } from '../sequences/model';
import { formatWindow } from './numbers';
import type { ReportGraph } from './types';

/**
 * The graph as the report shows it: nodes in BFS order from the start node with their depth (declaration
 * order breaks ties; a node BFS cannot reach, which validation forbids, goes last), and each conditional
 * edge labelled with the window its pair shares.
 */
export function reportGraph(graph: SequenceGraph): ReportGraph {
  const depth = new Map<string, number>([[graph.start, 0]]);
  const queue = [graph.start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const edge of graph.edges) {
      if (edge.from !== id || edge.to === null || depth.has(edge.to)) continue;
      depth.set(edge.to, (depth.get(id) ?? 0) + 1);
      queue.push(edge.to);
    }
  }
  const deepest = Math.max(0, ...depth.values());
  const order = [...depth.keys()];
  const nodes = graph.nodes
    .map((n) => ({ id: n.id, action: n.action, depth: depth.get(n.id) ?? deepest + 1 }))
    .sort((a, b) => rank(order, a.id) - rank(order, b.id));
  const edges = graph.edges.map((e) => ({ from: e.from, to: e.to, trigger: e.trigger, within: windowOf(graph, e) }));
  return { start: graph.start, nodes, edges };
}

function rank(order: string[], id: string): number {
  const i = order.indexOf(id);
  return i === -1 ? order.length : i;
}

function windowOf(graph: SequenceGraph, edge: SequenceGraph['edges'][number]): string | null {
  if (!CONDITIONAL_TRIGGERS[edge.trigger]) return null;
  const exit = nodeExit(graph, edge.from);
  const ms = edge.withinMs ?? (exit.kind === 'wait' ? exit.windowMs : undefined);
  return ms === undefined ? null : formatWindow(ms);
}
