import { ConfigError, parseCount, parseDuration, settingText } from '../config-values';

/** When bounces suppress an address, and when they pause the sender account that drew them. */
export interface BouncePolicy {
  /** Soft bounces (4.x.x) of one address within `softBouncePeriodMs` that suppress it. */
  softBounceLimit: number;
  softBouncePeriodMs: number;
  /** A sender account is paused when its hard bounces over its last `rateWindowSends` sends exceed this share. */
  maxHardBounceRate: number;
  rateWindowSends: number;
  /** Before this many sends the rate says too little: no pause (then the rate is over the sends so far). */
  rateMinSends: number;
}

const DAY_MS = 86_400_000;
export const DEFAULT_BOUNCE_POLICY: BouncePolicy = {
  softBounceLimit: 3,
  softBouncePeriodMs: 7 * DAY_MS,
  maxHardBounceRate: 0.05,
  rateWindowSends: 200,
  rateMinSends: 50,
};

/** Bounds: a limit of one soft bounce would suppress for a greylisting; a window past 10,000 sends is months. */
const SOFT_BOUNCE_LIMIT = { min: 2, max: 100 };
const SOFT_BOUNCE_PERIOD = { minMs: 3_600_000, maxMs: 365 * DAY_MS };
const RATE_WINDOW = { min: 20, max: 10_000 };
const MAX_RATE_PERCENT = { min: 0.1, max: 50 };

/** A percentage such as `5` or `2.5`, within bounds stated in the message. */
function parsePercent(name: string, text: string, bounds: { min: number; max: number }): number {
  const value = /^\s*\d{1,3}(\.\d{1,2})?\s*%?\s*$/.test(text) ? Number(text.replace('%', '')) : NaN;
  if (!Number.isFinite(value) || value < bounds.min || value > bounds.max) {
    throw new ConfigError(`${settingText(name, text)}: expected a percentage from ${bounds.min} to ${bounds.max}, such as 5 or 2.5`);
  }
  return value / 100;
}

type Read = <T>(name: string, fallback: T, parse: (text: string) => T) => T;

/**
 * The bounce settings, read with loadConfig's `read` (each problem named, defaults in DEFAULT_BOUNCE_POLICY):
 * SOFT_BOUNCE_LIMIT, SOFT_BOUNCE_PERIOD, BOUNCE_RATE_MAX_PERCENT, BOUNCE_RATE_WINDOW, BOUNCE_RATE_MIN_SENDS.
 */
export function readBouncePolicy(read: Read): BouncePolicy {
  const d = DEFAULT_BOUNCE_POLICY;
  const rateWindowSends = read('BOUNCE_RATE_WINDOW', d.rateWindowSends, (t) => parseCount('BOUNCE_RATE_WINDOW', t, RATE_WINDOW));
  const minSends = { min: 1, max: rateWindowSends, why: 'at most BOUNCE_RATE_WINDOW' };
  return {
    softBounceLimit: read('SOFT_BOUNCE_LIMIT', d.softBounceLimit, (t) =>
      parseCount('SOFT_BOUNCE_LIMIT', t, { ...SOFT_BOUNCE_LIMIT, why: 'one would suppress for a greylisting' }),
    ),
    softBouncePeriodMs: read('SOFT_BOUNCE_PERIOD', d.softBouncePeriodMs, (t) => parseDuration('SOFT_BOUNCE_PERIOD', t, SOFT_BOUNCE_PERIOD)),
    maxHardBounceRate: read('BOUNCE_RATE_MAX_PERCENT', d.maxHardBounceRate, (t) => parsePercent('BOUNCE_RATE_MAX_PERCENT', t, MAX_RATE_PERCENT)),
    rateWindowSends,
    rateMinSends: read('BOUNCE_RATE_MIN_SENDS', Math.min(d.rateMinSends, rateWindowSends), (t) => parseCount('BOUNCE_RATE_MIN_SENDS', t, minSends)),
  };
}

/** A rate as messages show it: `5%`, `2.5%`. */
export function describeRate(rate: number): string {
  return `${Number((rate * 100).toFixed(2))}%`;
}
