import { CHANNELS, type Channel, type MessageTemplate, type SequenceGraph } from '../sequences/model';
import { reportGraph } from './graph';
import { rate } from './numbers';
import type { Metric, MetricRow } from '../db/report-counts';
import type { VersionRecord } from '../db/sequences';
import type { CohortStats, ReportGraph, VersionReport } from './types';

type Count = { journeys: number; events: number };
const NONE: Count = { journeys: 0, events: 0 };

/** The counts of one cohort, looked up by metric, node and key. */
class Counts {
  private readonly byKey = new Map<string, Count>();

  add(row: MetricRow): void {
    this.byKey.set(Counts.key(row.metric, row.node, row.key), { journeys: row.journeys, events: row.events });
  }

  get(metric: Metric, node: string | null = null, key: string | null = null): Count {
    return this.byKey.get(Counts.key(metric, node, key)) ?? NONE;
  }

  private static key(metric: Metric, node: string | null, key: string | null): string {
    return JSON.stringify([metric, node, key]);
  }
}

/** Lays one version's counts out along its graph: every node, edge, channel and A/B variant, zero or not. */
export function assembleVersion(stored: VersionRecord, rows: MetricRow[]): VersionReport {
  const cohorts = new Map<string, Counts>();
  const cohortOf = (template: string | null, variant: string | null) => {
    const key = JSON.stringify([template, variant]);
    let counts = cohorts.get(key);
    if (!counts) cohorts.set(key, (counts = new Counts()));
    return counts;
  };
  for (const row of rows) if (row.versionId === stored.id) cohortOf(row.template, row.variant).add(row);

  const graph = reportGraph(stored.graph);
  const stats = (counts: Counts) => cohortStats(stored.graph, graph, counts);
  const abTests = templatesInUseOrder(stored.graph, graph)
    .filter((t) => t.variants.length > 1)
    .map((t) => ({
      template: t.id,
      variants: t.variants.map((v) => ({ variant: v.id, weight: v.weight, ...stats(cohortOf(t.id, v.id)) })),
    }));
  return {
    version: stored.version,
    publishedAt: stored.publishedAt.toISOString(),
    graph,
    all: stats(cohortOf(null, null)),
    abTests,
  };
}

/** Templates in the order the graph first uses them (BFS), then unused ones by id; jsonb keeps no key order. */
function templatesInUseOrder(source: SequenceGraph, graph: ReportGraph): MessageTemplate[] {
  const ids = graph.nodes.flatMap((n) => source.nodes.find((s) => s.id === n.id)?.template ?? []);
  const all = Object.keys(source.templates).sort();
  return [...new Set([...ids, ...all])].flatMap((id) => source.templates[id] ?? []);
}

function cohortStats(source: SequenceGraph, graph: ReportGraph, c: Counts): CohortStats {
  const replies = c.get('replied').journeys;
  const messaged = c.get('messaged').journeys;
  const positive = c.get('positive').journeys;
  return {
    enrolled: c.get('enrolled').journeys,
    nodes: graph.nodes.map(({ id, action }) => ({
      id,
      entered: c.get('entered', id).journeys,
      visits: c.get('entered', id).events,
      done: c.get(action === 'CHECK_FOR_REPLY' ? 'branched' : 'sent_at', id).journeys,
      failed: c.get('failed', id).journeys,
    })),
    sent: Object.fromEntries(CHANNELS.map((ch) => [ch, c.get('sent', null, ch).events])) as Record<Channel, number>,
    messaged,
    reads: c.get('read').journeys,
    replies,
    positiveReplies: positive,
    steps: source.edges.flatMap((e) => {
      if (e.to === null) return [];
      const entered = c.get('entered', e.from).journeys;
      const took = c.get('step', e.from, e.trigger).journeys;
      return [{ from: e.from, to: e.to, trigger: e.trigger, entered, took, rate: rate(took, entered) }];
    }),
    sentToReplied: { from: messaged, to: replies, rate: rate(replies, messaged) },
    repliedToPositive: { from: replies, to: positive, rate: rate(positive, replies) },
  };
}
