import type { TwitterApiTokens } from 'twitter-api-v2';
import { z } from 'zod';
import { accountName, type SenderAccount } from '../../db/senderAccounts';
import { requireCredential, type Credentials } from '../credentials';
import { SenderAccountError } from '../errors';

/** Non-secret settings of an X sender account (`sender_accounts.settings`). */
const settingsSchema = z.object({
  /** The account's own numeric X user id; looked up once through GET /2/users/me when absent. */
  userId: z.string().regex(/^\d+$/, 'must be a numeric X user id').optional(),
});

export type XAccountSettings = z.infer<typeof settingsSchema>;

export function xSettings(account: SenderAccount): XAccountSettings {
  const parsed = settingsSchema.safeParse(account.settings);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'settings';
  throw new SenderAccountError(`sender account ${accountName(account)}: setting "${field}" ${issue?.message ?? 'is invalid'}`);
}

/** The credential names an X account may use. */
const X_CREDENTIALS = {
  oauth1: ['appKey', 'appSecret', 'accessToken', 'accessSecret'],
  oauth2: 'oauth2UserToken',
} as const;

/**
 * User-context auth: an OAuth 2.0 user access token when the account names one, OAuth 1.0a otherwise.
 * OAuth 1.0a tokens do not expire, so they are the default; an OAuth 2.0 token expires after two hours and
 * needs something outside the engine to refresh it (the secrets file is read on every call).
 */
export function xAuth(credentials: Credentials, account: SenderAccount): string | TwitterApiTokens {
  if (X_CREDENTIALS.oauth2 in account.credentialsRef) return requireCredential(credentials, account, X_CREDENTIALS.oauth2);
  const [appKey, appSecret, accessToken, accessSecret] = X_CREDENTIALS.oauth1.map((name) => requireCredential(credentials, account, name));
  return { appKey: appKey!, appSecret: appSecret!, accessToken: accessToken!, accessSecret: accessSecret! };
}

