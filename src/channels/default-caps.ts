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
