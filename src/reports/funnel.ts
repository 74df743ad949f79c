import type { CohortStats, ReportGraph } from './types';

export interface FunnelStage {
  label: string;
  count: number;
  /** Set on node stages: the node's BFS depth, for indenting. */
  depth?: number;
}

/**
 * The funnel both renderers draw: enrolled, then each node entered (BFS order from the start node), then
 * reads (only once something reports them), replies and positive replies. Shares are of `enrolled`.
 */
export function funnelStages(graph: ReportGraph, stats: CohortStats): FunnelStage[] {
  const nodes = graph.nodes.map((n) => ({
    label: n.id,
    count: stats.nodes.find((s) => s.id === n.id)?.entered ?? 0,
    depth: n.depth,
  }));
  return [
    { label: 'enrolled', count: stats.enrolled },
    ...nodes,
    ...(stats.reads > 0 ? [{ label: 'read', count: stats.reads }] : []),
    { label: 'replied', count: stats.replies },
    { label: 'positive', count: stats.positiveReplies },
  ];
}
