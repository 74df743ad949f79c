import { SenderAccountError } from '../src/channels/errors';
import { senderLabel, setSenderAccountStatus, type SenderAccount } from '../src/db/senderAccounts';
import { logSenderAlert } from '../src/senders/stop-alert';
import type { JourneyDeps } from './deps';

/**
 * Runs a provider call for `account`; when the provider refuses the account itself (SenderAccountError),
 * disables the account with the reason, alerts once (on the change from active), and rethrows so the
 * journey waits. A disabled account is not tried at all, so a revoked token is not replayed every tick.
 */
export async function asSender<T>(deps: JourneyDeps, account: SenderAccount, call: () => Promise<T>): Promise<T> {
  if (account.status === 'disabled') {
    throw new SenderAccountError(`${senderLabel(account)} is disabled: ${account.statusReason ?? 'no reason given'}`);
  }
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof SenderAccountError)) throw error;
    const before = await setSenderAccountStatus(deps.db, account.id, 'disabled', error.message);
    if (before?.status !== 'disabled') await (deps.alertSenderStopped ?? logSenderAlert)(account, error.message);
    throw error;
  }
}
