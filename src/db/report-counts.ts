import type { Knex } from 'knex';
import { CHANNELS, MESSAGE_ACTIONS, type SequenceGraph } from '../sequences/model';

/** One count for one cohort: all journeys of a version (template and variant null), or one A/B variant. */
export interface MetricRow {
  versionId: string;
  template: string | null;
  variant: string | null;
  metric: Metric;
  node: string | null;
  /** The channel for `sent`, the trigger for `step`; null otherwise. */
  key: string | null;
  /** Distinct journeys with at least one such event. */
  journeys: number;
  events: number;
}

export type Metric =
  | 'enrolled'
  | 'entered'
  | 'sent_at'
  | 'branched'
  | 'failed'
  | 'sent'
  | 'messaged'
  | 'step'
  | 'read'
  | 'replied'
  | 'positive';

/** Something a journey's events are counted for: `where` picks the events (its `?` take `bindings`). */
interface Fact {
  metric: Metric;
  node: string | null;
  key: string | null;
  where: string;
  bindings: Knex.Value[];
}

const fact = (metric: Metric, where: string, bindings: Knex.Value[] = [], node: string | null = null, key: string | null = null): Fact => ({
  metric,
  node,
  key,
  where,
  bindings,
});

const REPLIED = "type = 'outcome_observed' and detail->>'observation' = 'replied'";

/** Every count the report needs for these graphs: per node, per node-to-node edge, per channel, per outcome. */
function factsOf(graphs: SequenceGraph[]): Fact[] {
  const nodes = [...new Set(graphs.flatMap((g) => g.nodes.map((n) => n.id)))];
  const steps = new Map(graphs.flatMap((g) => g.edges.filter((e) => e.to !== null).map((e) => [`${e.from} ${e.trigger}`, e] as const)));
  return [
    fact('enrolled', "type = 'journey_started'"),
    ...nodes.flatMap((n) => [
      fact('entered', "type = 'node_entered' and node_id = ?", [n], n),
      fact('sent_at', "type = 'action_sent' and node_id = ?", [n], n),
      fact('branched', "type = 'branch_taken' and node_id = ?", [n], n),
      fact('failed', "type = 'action_failed' and node_id = ?", [n], n),
    ]),
    ...[...steps.values()].map((e) =>
      fact('step', "type = 'branch_taken' and node_id = ? and detail->>'trigger' = ?", [e.from, e.trigger], e.from, e.trigger),
    ),
    ...CHANNELS.map((c) => fact('sent', "type = 'action_sent' and channel = ?", [c], null, c)),
    fact('messaged', "type = 'action_sent' and detail->>'action' = any(?)", [[...MESSAGE_ACTIONS]]),
    fact('read', "type = 'outcome_observed' and detail->>'observation' = 'read'"),
    fact('replied', REPLIED),
    fact('positive', `${REPLIED} and detail->'positive' = 'true'::jsonb`),
  ];
}

/** Templates with two or more variants in any of the graphs: the A/B tests, one cohort per variant. */
function abTemplates(graphs: SequenceGraph[]): string[] {
  return [...new Set(graphs.flatMap((g) => Object.values(g.templates).filter((t) => t.variants.length > 1).map((t) => t.id)))];
}

/**
 * One statement, two aggregates. The inner one folds each journey's events (read through the
 * (sequence_version_id, type) index; a person has one journey per sequence, so (version, person) is the
 * journey) into one row: how many of its events match each fact, and the variant it chose for each A/B
 * template. The outer one counts those rows per version, and per version and variant of each template
 * (GROUPING SETS), in journeys (rows with a match) and in events (the sum). There is no join and no
 * window: an earlier version joined events to cohorts and was three times slower on millions of events.
 */
function reportQuery(versionIds: string[], graphs: SequenceGraph[]): { sql: string; bindings: Knex.Value[]; facts: Fact[]; templates: string[] } {
  const facts = factsOf(graphs);
  const started = facts.findIndex((f) => f.metric === 'enrolled');
  const templates = abTemplates(graphs);
  const bindings: Knex.Value[] = [];
  const perJourney = [
    ...facts.map((f, i) => {
      bindings.push(...f.bindings);
      return `count(*) filter (where ${f.where}) as f${i}`;
    }),
    ...templates.map((t, i) => {
      bindings.push(t);
      return `max(detail->>'variant') filter (where type = 'variant_chosen' and detail->>'template' = ?) as t${i}`;
    }),
  ];
  bindings.push(versionIds);
  const perCohort = facts.map((_, i) => `count(*) filter (where f${i} > 0)::int as j${i}, sum(f${i})::int as e${i}`);
  const variants = templates.map((_, i) => `t${i}`);
  const sets = ['(version_id)', ...variants.map((t) => `(version_id, ${t})`)];
  const sql = `
    select version_id, ${variants.length > 0 ? `${variants.join(', ')}, grouping(${variants.join(', ')}) as variant_set,` : '0 as variant_set,'}
      ${perCohort.join(',\n      ')}
    from (
      select sequence_version_id as version_id, person_id,
        ${perJourney.join(',\n        ')}
      from events
      where sequence_version_id = any(?) and type in (
        'journey_started', 'node_entered', 'action_sent', 'branch_taken', 'action_failed', 'outcome_observed', 'variant_chosen')
      group by sequence_version_id, person_id
    ) as journeys
    where f${started} > 0
    group by grouping sets (${sets.join(', ')})`;
  return { sql, bindings, facts, templates };
}

/** The report's counts for the given sequence versions, computed in Postgres. */
export async function countMetrics(db: Knex, versions: { id: string; graph: SequenceGraph }[]): Promise<MetricRow[]> {
  if (versions.length === 0) return [];
  const { sql, bindings, facts, templates } = reportQuery(versions.map((v) => v.id), versions.map((v) => v.graph));
  const { rows } = await db.raw<{ rows: Record<string, unknown>[] }>(sql, bindings);
  return rows.flatMap((row) => {
    const cohort = cohortOf(row, templates);
    if (!cohort) return [];
    return facts.map((f, i) => ({
      versionId: String(row.version_id),
      ...cohort,
      metric: f.metric,
      node: f.node,
      key: f.key,
      journeys: Number(row[`j${i}`] ?? 0),
      events: Number(row[`e${i}`] ?? 0),
    }));
  });
}

/**
 * Which cohort a result row counts: `grouping()` has a bit set for every variant column the row was not
 * grouped by, so all bits set is the version's total and one bit clear is that template's variant.
 * Journeys that never chose a variant of the template form a group with a null variant; no cohort.
 */
function cohortOf(row: Record<string, unknown>, templates: string[]): { template: string | null; variant: string | null } | undefined {
  const all = (1 << templates.length) - 1;
  const set = Number(row.variant_set);
  if (set === all) return { template: null, variant: null };
  const index = templates.findIndex((_, i) => (set & (1 << (templates.length - 1 - i))) === 0);
  const variant = row[`t${index}`];
  return typeof variant === 'string' ? { template: templates[index] ?? null, variant } : undefined;
}
