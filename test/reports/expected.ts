import type { AbTest, CohortStats, ReportGraph, VersionReport } from '../../src/reports/types';
import type { Path, Scenario } from './scenario';

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

/** The stats a cohort must show: the sum of its leads' hand-worked paths. */
export function expectedCohort(graph: ReportGraph, paths: Path[]): CohortStats {
  const count = (pick: (p: Path) => boolean) => paths.filter(pick).length;
  const entered = (node: string) => count((p) => p.entered.includes(node));
  const sent = (channel: 'x' | 'email' | 'linkedin' | 'xmtp') => paths.reduce((sum, p) => sum + (p.sent[channel] ?? 0), 0);
  const messaged = count((p) => p.messaged === true);
  const replies = count((p) => p.replied === true);
  const positive = count((p) => p.positive === true);
  return {
    enrolled: paths.length,
    nodes: graph.nodes.map(({ id }) => ({
      id,
      entered: entered(id),
      visits: entered(id),
      done: count((p) => p.done.includes(id)),
      failed: count((p) => p.failed.includes(id)),
    })),
    sent: { x: sent('x'), email: sent('email'), linkedin: sent('linkedin'), xmtp: sent('xmtp') },
    messaged,
    reads: count((p) => p.read === true),
    replies,
    positiveReplies: positive,
    steps: graph.edges.flatMap((e) => {
      if (e.to === null) return [];
      const took = count((p) => p.took.includes(`${e.from} ${e.trigger}`));
      return [{ from: e.from, to: e.to, trigger: e.trigger, entered: entered(e.from), took, rate: ratio(took, entered(e.from)) }];
    }),
    sentToReplied: { from: messaged, to: replies, rate: ratio(replies, messaged) },
    repliedToPositive: { from: replies, to: positive, rate: ratio(positive, replies) },
  };
}

/** The hand-worked paths of a version's leads; with a template, of those its `variant` was chosen for. */
export function pathsOf(scenario: Scenario, version: number, template?: string, variant?: string): Path[] {
  return scenario.leads
    .filter((l) => l.version === version && (template === undefined || l.variants[template] === variant))
    .map((l) => l.path);
}

/** A version's A/B tests: per template with variants, in order of first use, each variant's leads summed. */
export function expectedAbTests(scenario: Scenario, version: VersionReport): AbTest[] {
  const templates = scenario.graphs[version.version - 1]?.templates ?? {};
  return ['intro', 'bump'].flatMap((id) => templates[id] ?? []).map((t) => ({
    template: t.id,
    variants: t.variants.map((variant) => ({
      variant: variant.id,
      weight: 50,
      ...expectedCohort(version.graph, pathsOf(scenario, version.version, t.id, variant.id)),
    })),
  }));
}
