import type { SenderAccountInput } from '../db/senderAccounts';
import type { Channel } from '../sequences/model';

interface ProviderSpec {
  channel: Channel;
  /** Problems with an account's settings and credential names, by field; empty when fine. */
  check(account: SenderAccountInput): { path: string[]; message: string }[];
}

/** The providers a worker runs, by the name sender accounts give in `provider`. */
export const PROVIDERS: Record<string, ProviderSpec> = {
  sandbox: { channel: 'x', check: () => [] },
};

/** For `sender apply`: the provider must exist on the account's channel and accept its settings. */
export function checkProviderSettings(account: SenderAccountInput): { path: string[]; message: string }[] {
  const spec = PROVIDERS[account.provider];
  if (!spec) return [{ path: ['provider'], message: `unknown provider "${account.provider}"; one of ${Object.keys(PROVIDERS).join(', ')}` }];
  if (account.provider !== 'sandbox' && spec.channel !== account.channel) {
    return [{ path: ['provider'], message: `provider "${account.provider}" sends on ${spec.channel}, not ${account.channel}` }];
  }
  return spec.check(account);
}
