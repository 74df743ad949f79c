import type { Channel } from '../sequences/model';

/**
 * Caps for new sender accounts, inside every limit a provider states (src/channels/provider-limits.ts, held
 * there by a test) and well under the ceilings (src/senders/caps.ts): bursts and limits reached get accounts
 * restricted, so the defaults leave headroom. A cap counts every send of the account, so LinkedIn's default
 * counts each as if it were an invitation: 7 days × 14 fit the weekly limit of about 100. Email's fits a
 * personal Gmail account's 500 recipients a day. Each pair obeys the caps rule (hourly at most daily, daily
 * at most 24 × hourly).
 */
export const DEFAULT_CAPS: Record<Channel, { hourlyCap: number; dailyCap: number }> = {
  x: { hourlyCap: 20, dailyCap: 300 },
  linkedin: { hourlyCap: 5, dailyCap: 14 },
  email: { hourlyCap: 100, dailyCap: 500 },
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
