import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
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

