import { CONDITIONAL_TRIGGERS, type Observation, type SequenceEdge, type SequenceGraph, type SequenceNode } from './model';

/** What happens after a node's action is done, derived from its outgoing edges. */
export type NodeExit =
  | { kind: 'end' }
  /** `to` is null when the edge ends the journey. */
  | { kind: 'next'; to: string | null }
  | {
      kind: 'wait';
      /** Positive edges in declaration order: the first one observed wins. */
      positive: { observation: Observation; edge: SequenceEdge }[];
      /** Taken when the window ends without a positive observation. */
      negative: SequenceEdge;
      windowMs: number;
    };

export function findNode(graph: SequenceGraph, id: string): SequenceNode {
  const node = graph.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`sequence "${graph.name}" has no node "${id}"`);
  return node;
}

function outgoingEdges(graph: SequenceGraph, nodeId: string): SequenceEdge[] {
  return graph.edges.filter((e) => e.from === nodeId);
}

/** Assumes a validated graph: one END, one NORMAL_EDGE, or one conditional pair plus positive-only extras. */
export function nodeExit(graph: SequenceGraph, nodeId: string): NodeExit {
  const edges = outgoingEdges(graph, nodeId);
  const first = edges[0];
  if (!first) throw new Error(`node "${nodeId}" has no way out`);
  if (first.trigger === 'END') return { kind: 'end' };
  if (first.trigger === 'NORMAL_EDGE') return { kind: 'next', to: first.to };

  const positive: { observation: Observation; edge: SequenceEdge }[] = [];
  let negative: SequenceEdge | undefined;
  for (const edge of edges) {
    const conditional = CONDITIONAL_TRIGGERS[edge.trigger];
    if (!conditional) continue;
    if (conditional.polarity === 'positive') positive.push({ observation: conditional.observation, edge });
    else negative = edge;
  }
  if (!negative) throw new Error(`node "${nodeId}" has conditional edges but no negative edge`);
  const windowMs = negative.withinMs ?? edges.find((e) => e.withinMs !== undefined)?.withinMs;
  if (windowMs === undefined) throw new Error(`node "${nodeId}" has conditional edges without a window`);
  return { kind: 'wait', positive, negative, windowMs };
}
