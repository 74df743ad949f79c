import type { Knex } from 'knex';

export interface JourneyStats {
  statuses: { status: string; endReason: string | null; journeys: number }[];
  nodes: { nodeId: string; entered: number; sent: number; failed: number }[];
  branches: { nodeId: string; trigger: string; journeys: number }[];
  variants: { template: string; variant: string; chosen: number; replied: number; positive: number }[];
}

/** Counts for one sequence (all its versions), computed in SQL from enrollments and the event log. */
export async function journeyStats(db: Knex, sequenceName: string): Promise<JourneyStats> {
  const versionIds = db('sequence_versions as v')
    .join('sequences as s', 's.id', 'v.sequence_id')
    .where('s.name', sequenceName)
    .select('v.id');
  const events = () => db('events').whereIn('sequence_version_id', versionIds.clone());

  const statuses = await db('enrollments')
    .whereIn('sequence_version_id', versionIds.clone())
    .select('status', 'end_reason')
    .count<{ status: string; end_reason: string | null; count: string }[]>({ count: '*' })
    .groupBy('status', 'end_reason')
    .orderBy('status');

  const nodes = await events()
    .whereNotNull('node_id')
    .select('node_id')
    .select(db.raw("count(*) filter (where type = 'node_entered') as entered"))
    .select(db.raw("count(*) filter (where type = 'action_sent') as sent"))
    .select(db.raw("count(*) filter (where type = 'action_failed') as failed"))
    .groupBy('node_id')
    .orderBy('node_id');

  const branches = await events()
    .where('type', 'branch_taken')
    .select('node_id', db.raw("detail->>'trigger' as trigger"))
    .count({ count: '*' })
    .groupByRaw("node_id, detail->>'trigger'")
    .orderBy(['node_id', 'trigger']);

  const variants = await db('events as c')
    .whereIn('c.sequence_version_id', versionIds.clone())
    .where('c.type', 'variant_chosen')
    .select(db.raw("c.detail->>'template' as template"), db.raw("c.detail->>'variant' as variant"))
    .count({ chosen: '*' })
    .select(
      db.raw(`count(*) filter (where exists (select 1 from events r where r.workflow_id = c.workflow_id
        and r.type = 'outcome_observed' and r.detail->>'observation' = 'replied')) as replied`),
      db.raw(`count(*) filter (where exists (select 1 from events r where r.workflow_id = c.workflow_id
        and r.type = 'outcome_observed' and r.detail->>'observation' = 'replied'
        and (r.detail->>'positive')::boolean)) as positive`),
    )
    .groupByRaw("c.detail->>'template', c.detail->>'variant'")
    .orderBy(['template', 'variant']);

  return {
    statuses: statuses.map((r) => ({ status: r.status, endReason: r.end_reason, journeys: Number(r.count) })),
    nodes: nodes.map((r: Record<string, unknown>) => ({
      nodeId: String(r.node_id),
      entered: Number(r.entered),
      sent: Number(r.sent),
      failed: Number(r.failed),
    })),
    branches: branches.map((r: Record<string, unknown>) => ({
      nodeId: String(r.node_id),
      trigger: String(r.trigger),
      journeys: Number(r.count),
    })),
    variants: variants.map((r: Record<string, unknown>) => ({
      template: String(r.template),
      variant: String(r.variant),
      chosen: Number(r.chosen),
      replied: Number(r.replied),
      positive: Number(r.positive),
    })),
  };
}
