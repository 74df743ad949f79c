import ms from 'ms';
import { DEFAULT_PACING } from '../channels/default-caps';
import type { Channel } from '../sequences/model';
import type { Caps } from './caps';

/** At least `minIntervalMs` between two sends of one account, after a burst of up to `burst` at once. */
export interface Pacing {
  minIntervalMs: number;
  burst: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The longest interval an account may ask for: a day (the daily cap's own window). */
export const MAX_MIN_INTERVAL_MS = DAY_MS;
/** The largest burst: a thousand sends at once is a flood whatever the caps say. */
export const MAX_BURST = 1000;

/** What the senders file may write; a missing field takes the provider's default. */
export interface PacingFields {
  minIntervalMs?: number | null;
  burst?: number | null;
}

/**
 * The account's pacing: what its file set, the rest from its channel's defaults, with the burst no larger
 * than the hourly cap. The sandbox sends nothing and is not paced unless its account sets pacing (so that
 * tests and the demo keep sends on their ticks); null then.
 */
export function pacingOf(account: { channel: Channel; provider: string } & Caps & PacingFields): Pacing | null {
  const given = account.minIntervalMs != null || account.burst != null;
  if (account.provider === 'sandbox' && !given) return null;
  const defaults = account.provider === 'sandbox' ? { minIntervalMs: 0, burst: 1 } : DEFAULT_PACING[account.channel];
  const burst = account.burst ?? Math.min(defaults.burst, account.hourlyCap);
  return { minIntervalMs: account.minIntervalMs ?? defaults.minIntervalMs, burst };
}

/**
 * The spacing between two of the account's sends once its burst is spent: `max(minInterval, 1h / hourly,
 * 24h / daily)`, where a burst of B counts against the caps: B sends at once and then one per spacing put
 * `B + (window / spacing) - 1` sends into a window, so each cap's term divides its window by `cap - B + 1`.
 * With that, no rolling hour or day can ever hold more than its cap (GCRA: any n slots span at least
 * (n - 1) spacings minus the burst's tolerance).
 */
export function spacingMs(caps: Caps, pacing: Pacing): number {
  const b = pacing.burst;
  return Math.max(pacing.minIntervalMs, Math.ceil(HOUR_MS / (caps.hourlyCap - b + 1)), Math.ceil(DAY_MS / (caps.dailyCap - b + 1)));
}

export interface PacingProblem {
  field: 'pacing.min_interval' | 'pacing.burst';
  message: string;
}

/** The rules for an account's pacing as written: an interval from 0 to a day, a burst from 1 to the hourly cap. */
export function pacingProblems(account: Caps & PacingFields): PacingProblem[] {
  const problems: PacingProblem[] = [];
  const { minIntervalMs: interval, burst } = account;
  if (interval != null && (!Number.isInteger(interval) || interval < 0 || interval > MAX_MIN_INTERVAL_MS)) {
    problems.push({ field: 'pacing.min_interval', message: `${ms(interval)} is not from 0s to ${ms(MAX_MIN_INTERVAL_MS, { long: true })}` });
  }
  if (burst != null) {
    if (!Number.isInteger(burst) || burst < 1 || burst > MAX_BURST) {
      problems.push({ field: 'pacing.burst', message: `${burst} is not a whole number from 1 to ${MAX_BURST}` });
    } else if (burst > account.hourlyCap) {
      problems.push({ field: 'pacing.burst', message: `${burst} is over hourly_cap ${account.hourlyCap}; a burst can never send more than its hour` });
    }
  }
  return problems;
}
