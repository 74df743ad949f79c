import type { Channel } from '../sequences/model';

/**
 * Caps for new sender accounts, well under what providers allow (the ceilings, with their sources, are in
 * src/senders/caps.ts: X about 500 DMs and 400 follows a day, LinkedIn about 100 invitations a day): bursts
 * and limits reached get accounts restricted, so the defaults leave headroom. Each pair obeys the caps rule
 * (hourly at most daily, daily at most 24 × hourly).
 */
export const DEFAULT_CAPS: Record<Channel, { hourlyCap: number; dailyCap: number }> = {
  x: { hourlyCap: 20, dailyCap: 300 },
  linkedin: { hourlyCap: 10, dailyCap: 80 },
  email: { hourlyCap: 100, dailyCap: 1000 },
  xmtp: { hourlyCap: 100, dailyCap: 1000 },
};

/**
 * How evenly an account's sends are spread when its file says nothing (`pacing` in the senders file): at
 * least `minIntervalMs` between two sends, after a burst of `burst` sends at once. X is the slowest (its
 * spam filters watch the rhythm of DMs and follows), LinkedIn close behind (its caps space it further
 * anyway), mailboxes and XMTP much faster. The caps space sends too: the spacing is the largest of the
 * interval, an hour over the hourly cap and a day over the daily cap (src/senders/pacing.ts).
 */
export const DEFAULT_PACING: Record<Channel, { minIntervalMs: number; burst: number }> = {
  x: { minIntervalMs: 180_000, burst: 2 },
  linkedin: { minIntervalMs: 120_000, burst: 1 },
  email: { minIntervalMs: 10_000, burst: 5 },
  xmtp: { minIntervalMs: 2_000, burst: 10 },
};
