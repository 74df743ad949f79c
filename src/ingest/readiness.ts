import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import { eventSourcesOf, type EventSource } from '../db/event-sources';
import { describeError } from '../errors/describe';

/** How long /readyz waits for Postgres or Temporal to answer before calling it unreachable. */
const PROBE_TIMEOUT_MS = 3_000;

type Probe = { ok: true } | { ok: false; error: string };

async function probe(check: () => Promise<unknown>): Promise<Probe> {
  try {
    const answer = await Promise.race([check().then(() => 'answered' as const), sleep(PROBE_TIMEOUT_MS, 'timed out' as const, { ref: false })]);
    return answer === 'answered' ? { ok: true } : { ok: false, error: `no answer within ${PROBE_TIMEOUT_MS / 1000} s` };
  } catch (error) {
    return { ok: false, error: describeError(error).message };
  }
}

export interface Readiness {
  ready: boolean;
  postgres: Probe;
  temporal: Probe;
  /** Each sender account's event sources (listeners, configured webhooks) with their state. */
  sources: EventSource[];
}

/** Ready when both Postgres and Temporal answer; the sources are shown, not required. */
export async function readiness(db: Knex, checkTemporal: () => Promise<unknown>): Promise<Readiness> {
  const [postgres, temporal] = await Promise.all([probe(() => db.raw('select 1')), probe(checkTemporal)]);
  const sources = postgres.ok ? await eventSourcesOf(db).catch(() => []) : [];
  return { ready: postgres.ok && temporal.ok, postgres, temporal, sources };
}
