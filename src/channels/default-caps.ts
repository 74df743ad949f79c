import type { Channel } from '../sequences/model';

/**
 * Caps for new sender accounts, well under what providers allow (X: about 400 follows and 500 DMs a day
 * per account, 15 DMs per 15 min; LinkedIn: about 80-100 invitations a day): bursts and limits reached
 * get accounts restricted, so the defaults leave headroom.
 */
export const DEFAULT_CAPS: Record<Channel, { hourlyCap: number; dailyCap: number }> = {
  x: { hourlyCap: 20, dailyCap: 300 },
  linkedin: { hourlyCap: 10, dailyCap: 80 },
  email: { hourlyCap: 100, dailyCap: 1000 },
  xmtp: { hourlyCap: 100, dailyCap: 1000 },
};
