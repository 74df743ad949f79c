import type { IncomingHttpHeaders } from 'node:http';
import { ApiPartialResponseError, ApiRequestError, ApiResponseError, type TwitterApiErrorData } from 'twitter-api-v2';
import { RateLimitedError, RecipientUnreachableError, SenderAccountError } from '../errors';

export interface FailureContext {
  /** `x:handle` of the sender account. */
  account: string;
  operation: string;
  now: () => Date;
}

/** X rate-limit windows are 15 minutes; used when a 429 names no reset time. */
const DEFAULT_WINDOW_MS = 15 * 60_000;
/** X's follow limit is a rolling day and names no reset time; trying again in a few hours is cheap. */
const FOLLOW_LIMIT_BACKOFF_MS = 6 * 60 * 60_000;

/** v1.1 codes X still sends on some v2 endpoints (DMs, follows). */
const RECIPIENT_V1_CODES = new Set([50, 63, 108, 150, 151, 162, 349]);
const FOLLOW_LIMIT_V1_CODE = 161;
const RECIPIENT_REFUSALS = [
  /not permitted to send messages to this user/i,
  /cannot send messages to/i,
  /blocked from following/i,
  /has blocked you/i,
  /user has been suspended/i,
];

/**
 * Maps what twitter-api-v2 throws onto the channel failure classes. Messages carry the account, the HTTP
 * status and X's error title, type and codes, never X's `detail`: it can quote the lead's handle.
 */
export function toChannelError(error: unknown, context: FailureContext): Error {
  if (error instanceof RecipientUnreachableError || error instanceof SenderAccountError || error instanceof RateLimitedError) {
    return error;
  }
  const where = `${context.account}: X ${context.operation}`;
  if (error instanceof ApiResponseError) return fromResponse(error, where, context.now);
  if (error instanceof ApiPartialResponseError) return new Error(`${where}: the answer broke off (HTTP ${error.response.statusCode ?? '?'})`);
  if (error instanceof ApiRequestError) {
    const cause = networkCause(error);
    return new Error(`${where}: no answer (${cause?.code ?? cause?.message ?? 'request failed'})`);
  }
  return error instanceof Error ? error : new Error(`${where}: ${String(error)}`);
}

/**
 * twitter-api-v2 1.29 stores the socket error as `error` but its `requestError` getter reads another key,
 * so the getter is empty; the stored option is read as a fallback.
 */
function networkCause(error: ApiRequestError): NodeJS.ErrnoException | undefined {
  const options = (error as unknown as { _options?: { error?: unknown } })._options;
  const cause = (error.requestError as unknown) ?? options?.error;
  return cause instanceof Error ? cause : undefined;
}

function fromResponse(error: ApiResponseError, where: string, now: () => Date): Error {
  const message = `${where} answered HTTP ${error.code}${describeProblem(error.data)}`;
  switch (error.code) {
    case 429:
      return new RateLimitedError(message, retryAfterMs(error.headers, now));
    case 401:
      return new SenderAccountError(message);
    case 403:
      if (isRecipientRefusal(error.data)) return new RecipientUnreachableError(message);
      if (isFollowLimit(error.data)) return new RateLimitedError(message, FOLLOW_LIMIT_BACKOFF_MS);
      // The other 403s are about the account or the app (suspended, locked, read-only, not enrolled).
      return new SenderAccountError(message);
    case 404:
      return new RecipientUnreachableError(message);
    default:
      return new Error(message);
  }
}

function texts(data: TwitterApiErrorData | undefined): string[] {
  if (!data || typeof data !== 'object') return [];
  const nested = (data.errors ?? []).flatMap((e) => ('message' in e ? [e.message] : []).concat('detail' in e ? [e.detail] : []));
  return [data.detail, data.title, data.error, ...nested].filter((t): t is string => typeof t === 'string');
}

function v1Codes(data: TwitterApiErrorData | undefined): number[] {
  return (data?.errors ?? []).flatMap((e) => ('code' in e && typeof e.code === 'number' ? [e.code] : []));
}

function isRecipientRefusal(data: TwitterApiErrorData | undefined): boolean {
  if (v1Codes(data).some((code) => RECIPIENT_V1_CODES.has(code))) return true;
  if (data?.type?.endsWith('/resource-not-found')) return true;
  return texts(data).some((text) => RECIPIENT_REFUSALS.some((pattern) => pattern.test(text)));
}

function isFollowLimit(data: TwitterApiErrorData | undefined): boolean {
  return v1Codes(data).includes(FOLLOW_LIMIT_V1_CODE) || texts(data).some((text) => /unable to follow more people/i.test(text));
}

function describeProblem(data: TwitterApiErrorData | undefined): string {
  if (!data || typeof data !== 'object') return '';
  const parts = [
    data.title,
    data.type && data.type !== 'about:blank' ? data.type.slice(data.type.lastIndexOf('/') + 1) : undefined,
    ...v1Codes(data).map((code) => `code ${code}`),
  ].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * When to come back: the latest reset among the exhausted windows (15-minute endpoint window, the user's
 * and the app's 24-hour caps), as epoch seconds in X's headers.
 */
function retryAfterMs(headers: IncomingHttpHeaders, now: () => Date): number {
  const header = (name: string) => {
    const value = headers[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const exhausted = (prefix: string) => header(`${prefix}-remaining`) === '0' ? header(`${prefix}-reset`) : undefined;
  const resets = ['x-rate-limit', 'x-user-limit-24hour', 'x-app-limit-24hour'].map(exhausted).filter((r) => r !== undefined);
  if (resets.length === 0 && header('x-rate-limit-reset')) resets.push(header('x-rate-limit-reset')!);
  const seconds = resets.map(Number).filter(Number.isFinite);
  if (seconds.length === 0) return DEFAULT_WINDOW_MS;
  return Math.max(1000, Math.max(...seconds) * 1000 - now().getTime());
}
