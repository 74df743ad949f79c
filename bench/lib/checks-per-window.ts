import type { Knex } from 'knex';
import { setSenderAccountStatus, upsertSenderAccount } from '../../src/db/senderAccounts';
import { publishSequenceVersion } from '../../src/db/sequences';
import { startWebhookSources } from '../../src/ingest/webhook-sources';
import { silentLog } from '../../src/ingest/log';
import type { Channel, SequenceGraph } from '../../src/sequences/model';

const WINDOW_DAYS = 3;

export interface ChecksPerWindowOptions {
  db: Knex;
  channel: Channel;
  action: SequenceGraph['nodes'][number]['action'];
  journeys: number;
  /** Accounts of the channel already there: paused, so the new two share the journeys. */
  pauseAccounts: string[];
  /** Creates `count` leads and runs a journey of `graph` for each to its end. */
  runJourneys(graph: SequenceGraph, count: number): Promise<void>;
}

function dmAwaitingReply(channel: Channel, action: ChecksPerWindowOptions['action']): SequenceGraph {
  const subject = channel === 'email' ? { subject: 'Hello' } : {};
  return {
    name: `bench-checks-${channel}-${process.pid}`,
    start: 'hello',
    nodes: [{ id: 'hello', action, template: 'hello' }],
    edges: [
      { from: 'hello', to: null, trigger: 'REPLIED', withinMs: WINDOW_DAYS * 86_400_000 },
      { from: 'hello', to: null, trigger: 'NOT_REPLIED', withinMs: WINDOW_DAYS * 86_400_000 },
    ],
    templates: { hello: { id: 'hello', variants: [{ id: 'a', weight: 100, body: 'Hello {{ first_name }}', ...subject }] } },
  };
}

/** Per account: journeys that sent on it, and the provider checks their windows made (check_done names no account). */
async function checksByAccount(db: Knex, sequenceName: string): Promise<Map<string, { journeys: number; checks: number }>> {
  const rows: { sender_account_id: string; journeys: string; checks: string }[] = await db('events as sent')
    .join('enrollments as n', 'n.workflow_id', 'sent.workflow_id')
    .join('sequences as s', 's.id', 'n.sequence_id')
    .leftJoin('events as c', (on) => on.on('c.workflow_id', 'sent.workflow_id').andOnVal('c.type', 'check_done'))
    .where({ 's.name': sequenceName, 'sent.type': 'action_sent' })
    .groupBy('sent.sender_account_id')
    .select('sent.sender_account_id', db.raw('count(distinct sent.workflow_id) as journeys'), db.raw('count(c.id) as checks'));
  return new Map(rows.map((r) => [String(r.sender_account_id), { journeys: Number(r.journeys), checks: Number(r.checks) }]));
}

/**
 * The second half of the ratelimit bench: journeys that wait for a reply in a 3-day window nobody answers,
 * over two accounts, one heard live (webhooks: true, reported by the ingest service's own heartbeat) and one
 * without a source; the provider checks each journey's window made, from the event log.
 */
export async function checksPerWindow(opts: ChecksPerWindowOptions): Promise<string[]> {
  const { db, channel } = opts;
  for (const id of opts.pauseAccounts) await setSenderAccountStatus(db, id, 'paused', 'bench: the checks phase');
  const unpaced = { channel, provider: 'sandbox', hourlyCap: 60, dailyCap: 500, status: 'active' as const };
  const live = await upsertSenderAccount(db, { ...unpaced, handle: 'bench-live', webhooks: true });
  const polled = await upsertSenderAccount(db, { ...unpaced, handle: 'bench-polled' });
  const sources = startWebhookSources({ db, secrets: { webhook: 'bench', xConsumer: 'bench' }, log: silentLog, heartbeatMs: 5_000 });
  const graph = dmAwaitingReply(channel, opts.action);
  await publishSequenceVersion(db, graph, JSON.stringify(graph));
  try {
    await opts.runJourneys(graph, opts.journeys);
  } finally {
    await sources.stop();
  }
  const counts = await checksByAccount(db, graph.name);
  const line = (label: string, id: string) => {
    const c = counts.get(id) ?? { journeys: 0, checks: 0 };
    return `  ${label.padEnd(34)} ${String(c.journeys).padStart(5)} journeys  ${(c.checks / Math.max(1, c.journeys)).toFixed(2)} checks per journey per window`;
  };
  return [
    `provider checks per journey in a ${WINDOW_DAYS}-day reply window that closes unanswered (a 6 h tick; each check asks for a reply and a read):`,
    line('without a live source (polling)', polled),
    line('with a live source (webhooks)', live),
  ];
}
