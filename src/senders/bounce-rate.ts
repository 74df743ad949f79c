import type { Knex } from 'knex';
import { hardBouncesOfAccount, recentSends } from '../db/bounces';
import { getSenderAccount, setSenderAccountStatus } from '../db/senderAccounts';
import { describeRate, type BouncePolicy } from './bounce-policy';
import { logSenderAlert, type SenderStopAlert } from './stop-alert';

export interface BounceRate {
  sends: number;
  hardBounces: number;
  rate: number;
  /** The reason the account was paused with, when this call paused it. */
  paused?: string;
}

/**
 * The account's hard-bounce rate over its most recent sends (up to `rateWindowSends`; counted from its last
 * resume, so a resumed account starts afresh); above `maxHardBounceRate`, once it has `rateMinSends`, an
 * active account is paused with the reason, and alerted once, as a provider refusal is. Undefined when the
 * account is gone or has too few sends to say.
 */
export async function pauseOnBounceRate(
  deps: { db: Knex; alertSenderStopped?: SenderStopAlert | undefined },
  senderAccountId: string,
  policy: BouncePolicy,
): Promise<BounceRate | undefined> {
  const account = await getSenderAccount(deps.db, senderAccountId);
  if (!account) return undefined;
  const resumedAt = account.status === 'active' && account.statusChangedAt ? account.statusChangedAt : undefined;
  const sends = await recentSends(deps.db, account.id, policy.rateWindowSends, resumedAt);
  if (sends.count < policy.rateMinSends || !sends.oldest) return undefined;
  const hardBounces = await hardBouncesOfAccount(deps.db, account.id, sends.oldest);
  const rate = hardBounces / sends.count;
  if (rate <= policy.maxHardBounceRate || account.status !== 'active') return { sends: sends.count, hardBounces, rate };
  const reason =
    `hard-bounce rate ${describeRate(rate)} (${hardBounces} of the last ${sends.count} sends), ` +
    `over the limit of ${describeRate(policy.maxHardBounceRate)}: clean the list, then \`outreach sender resume\``;
  const before = await setSenderAccountStatus(deps.db, account.id, 'paused', reason);
  if (before?.status === 'active') await (deps.alertSenderStopped ?? logSenderAlert)(account, reason);
  return { sends: sends.count, hardBounces, rate, paused: reason };
}
