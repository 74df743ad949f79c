import { accountName, type SenderAccount } from '../../db/senderAccounts';
import { RateLimitedError, RecipientUnreachableError, SenderAccountError } from '../errors';

/**
 * XMTP publishes no reset time; its limits are per rolling 5-minute window
 * (https://docs.xmtp.org/inboxes/rate-limits), so the window's length is the longest wait that must clear it.
 */
export const XMTP_RATE_WINDOW_MS = 5 * 60_000;

/**
 * The SDK's errors are plain Errors (`code: 'GenericFailure'`) whose message is libxmtp's Display text, so
 * they are told apart by that text. The patterns come from libxmtp's own strings and from errors reported
 * against xmtp-js (issues #925, #973, #1025, #1231). Anything unrecognised is transient.
 */
const ACCOUNT_FAILURES: [RegExp, string][] = [
  [/has already registered \d+\/\d+ installations|cannot register a new installation/i, 'installation limit reached: revoke old installations of this inbox'],
  [/inbox log is full/i, 'inbox update limit reached (inbox log is full)'],
  [/installation[^.]{0,60}revoked|revoked[^.]{0,60}installation/i, 'this installation was revoked'],
  [/signature validation (failed|error)|does not match the signer|inbox id mismatch|inbox id doesn't match/i, 'the wallet signature was rejected'],
  [/file is not a database|sqlcipher|pragma key/i, 'the local database does not open with this dbEncryptionKey'],
];

const RATE_LIMITED = /resourceexhausted|resource has been exhausted|exceeds rate limit|too many requests|grpc error 429/i;

/** Turns whatever an SDK call threw into one of the channel failure classes, naming the account and call. */
export function xmtpFailure(error: unknown, account: SenderAccount, operation: string): Error {
  if (error instanceof RecipientUnreachableError || error instanceof SenderAccountError || error instanceof RateLimitedError) {
    return error;
  }
  const text = error instanceof Error ? error.message : String(error);
  const prefix = `sender account ${accountName(account)}: XMTP ${operation} failed`;
  const details = describeSdkError(error, text);
  for (const [pattern, meaning] of ACCOUNT_FAILURES) {
    if (pattern.test(text)) return new SenderAccountError(`${prefix}, ${meaning} (${details})`);
  }
  if (RATE_LIMITED.test(text)) return new RateLimitedError(`${prefix}, rate limited (${details})`, XMTP_RATE_WINDOW_MS);
  return new Error(`${prefix} (${details})`);
}

/**
 * The napi code, gRPC status and endpoint when the text names them, and its first line with addresses and
 * long hex (inbox ids, keys) masked: the text is libxmtp's, so it is not trusted to be free of identifiers.
 */
function describeSdkError(error: unknown, text: string): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
  const status = /status: '([^']+)'/.exec(text)?.[1] ?? /status: (\w+)/.exec(text)?.[1] ?? /grpc error (\d{3})/.exec(text)?.[1];
  const endpoint = /(?:endpoint|at) "([^"]+)"/.exec(text)?.[1] ?? /endpoint: (\w+)/.exec(text)?.[1];
  const summary = (text.split('\n')[0] ?? '')
    .replace(/0x[0-9a-fA-F]{40}\b/g, '0x…')
    .replace(/\b[0-9a-fA-F]{40,}\b/g, '…')
    .slice(0, 300);
  return [code && `code ${code}`, status && `status ${status}`, endpoint && `endpoint ${endpoint}`, summary].filter(Boolean).join('; ');
}
