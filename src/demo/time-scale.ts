import type { SequenceGraph } from '../sequences/model';

export const PRODUCTION_TICK_MS = 6 * 3_600_000;

/** Shrinks a sequence's windows by `factor`, so a demo on a seconds-long tick keeps the sequence's shape. */
export function scaleWindows(graph: SequenceGraph, factor: number): SequenceGraph {
  return {
    ...graph,
    edges: graph.edges.map((edge) =>
      edge.withinMs === undefined ? edge : { ...edge, withinMs: Math.max(1, Math.round(edge.withinMs * factor)) },
    ),
  };
}

/** A duration the sandbox script understands, shrunk by `factor`. */
export function scaledDuration(productionMs: number, factor: number): string {
  return `${Math.max(1, Math.round(productionMs * factor))}ms`;
}
