import { accountName, type SenderAccount } from '../db/senderAccounts';

/** Told when a sender account stops sending: a provider refused it, or it drew too many bounces. */
export type SenderStopAlert = (account: SenderAccount, reason: string) => void | Promise<void>;

/** The alert when none is configured: one line to stderr. */
export const logSenderAlert: SenderStopAlert = (account, reason) => {
  console.error(JSON.stringify({ alert: 'sender_account_stopped', account: accountName(account), id: account.id, reason }));
};
