import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import { ensureSandboxSenders, sandboxHandle } from '../../src/channels/sandbox';
import { upsertLeads } from '../../src/client/leads-file';
import { senderAccountNamed } from '../../src/db/event-accounts';
import { reportEventSource } from '../../src/db/event-sources';
import { migrateToLatest } from '../../src/db/knex';
import { publishSequenceVersion } from '../../src/db/sequences';
import { SANDBOX_CAP_CEILING } from '../../src/senders/caps';
import type { SequenceGraph } from '../../src/sequences/model';
import { within } from './within';

const DAY = 86_400_000;

/** Until every journey has sent and sleeps to its window's close (not to a tick): only a reply wakes it now. */
export async function allWaiting(db: Knex, sequenceName: string, count: number, timeoutMs: number): Promise<void> {
  const waiting = async () => {
    const row = await db('enrollments as e')
      .join('sequences as s', 's.id', 'e.sequence_id')
      .where({ 's.name': sequenceName, 'e.status': 'waiting' })
      .where('e.next_action_at', '>', new Date(Date.now() + DAY))
      .count({ n: '*' })
      .first();
    return Number(row?.n ?? 0);
  };
  await within(timeoutMs, () => `journeys: not all ${count} waiting on REPLIED after ${timeoutMs / 60_000} min`, (async () => {
    while ((await waiting()) < count) await sleep(500);
  })());
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number;
}

export const figures = (values: number[]) => `p50 ${percentile(values, 0.5).toFixed(0)} ms  p99 ${percentile(values, 0.99).toFixed(0)} ms`;


/** One sandbox email, then a wait on REPLIED within 5 days. */
export function replyWaits(name: string): SequenceGraph {
  return {
    name,
    start: 'hello',
    nodes: [{ id: 'hello', action: 'SEND_EMAIL', template: 'hello' }],
    edges: [
      { from: 'hello', to: null, trigger: 'REPLIED' },
      { from: 'hello', to: null, trigger: 'NOT_REPLIED', withinMs: 5 * DAY },
    ],
    templates: { hello: { id: 'hello', variants: [{ id: 'a', weight: 100, subject: 'Hello', body: 'Hello {{ first_name }}' }] } },
  };
}

/**
 * A migrated database with uncapped sandbox senders whose email account counts as a live source (journeys
 * then check only at the window's close, so nothing but the bench wakes a waiting one), the sequence
 * published, and `count` leads with an email each.
 */
export async function prepareReplyWaits(db: Knex, graph: SequenceGraph, count: number): Promise<{ emails: string[]; personIds: string[] }> {
  await migrateToLatest(db);
  await ensureSandboxSenders(db, SANDBOX_CAP_CEILING);
  const accountId = await senderAccountNamed(db, 'email', sandboxHandle('email'));
  if (accountId === undefined) throw new Error('no sandbox email account');
  await reportEventSource(db, { senderAccountId: accountId, kind: 'webhook', state: 'configured' });
  await publishSequenceVersion(db, graph, JSON.stringify(graph));
  const emails = Array.from({ length: count }, (_, i) => `lead${i}@bench.example`);
  const personIds = await upsertLeads(db, emails.map((email, i) => ({ first_name: `Lead${i}`, email })));
  return { emails, personIds };
}
