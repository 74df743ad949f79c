import type { SendDeferral } from './contract';

/**
 * Runs recorded before this patch have no defer signal. From it on, an out-of-office note's return day
 * (the `defer` signal) holds the journey's next message until then.
 */
export const DEFERS_SENDS = 'journey-defers-sends';

/** A deferral further ahead than this is no return day: it is cut to it. */
const LONGEST_DEFERRAL_MS = 366 * 86_400_000;

/**
 * The time no message may go before, once this deferral is taken: the later of the one held and this one,
 * at most a year after `now`. A signal the journey cannot read is dropped, with why (a handler that threw
 * would fail the workflow task on every retry).
 */
export function deferredUntil(held: string | undefined, d: SendDeferral, now: number): { until?: string; ignored?: string } {
  const until = typeof d === 'object' && d !== null && typeof d.until === 'string' ? Date.parse(d.until) : Number.NaN;
  if (Number.isNaN(until)) return { ignored: 'defer signal without a readable `until`' };
  const capped = Math.min(until, now + LONGEST_DEFERRAL_MS);
  const later = held === undefined ? capped : Math.max(Date.parse(held), capped);
  return { until: new Date(later).toISOString() };
}
