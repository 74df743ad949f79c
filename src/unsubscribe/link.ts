import { emailSettings } from '../channels/email/settings';
import { unsubscribeUrl } from '../channels/email/unsubscribe';
import { SenderAccountError } from '../channels/errors';
import type { SenderAccount } from '../db/senderAccounts';
import { makeUnsubscribeToken, unsubscribeSigningKey } from './token';

export interface EmailUnsubscribe {
  token: string;
  /** The link, `{{ unsubscribe_url }}`; absent when the account has no `settings.unsubscribe.url`. */
  url?: string;
}

/** The token of one email (person, account, sequence) and the account's link for it. */
export function emailUnsubscribe(suppressionKey: Buffer, sender: SenderAccount, journey: { personId: string; sequenceVersionId: string }): EmailUnsubscribe {
  const token = makeUnsubscribeToken(unsubscribeSigningKey(suppressionKey), { personId: journey.personId, senderAccountId: sender.id, sequenceVersionId: journey.sequenceVersionId });
  let base: string | undefined;
  try {
    base = emailSettings(sender).unsubscribe?.url;
  } catch (error) {
    // Bad settings stop the send itself, inside the provider call, where the account is paused with the reason.
    if (!(error instanceof SenderAccountError)) throw error;
  }
  return base ? { token, url: unsubscribeUrl(base, token) } : { token };
}
