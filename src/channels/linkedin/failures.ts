import { InvalidMessageError, RateLimitedError, RecipientUnreachableError, SenderAccountError } from '../errors';
import { GATEWAY_CODES as C } from './contract';

/** A gateway answer that is not a success: its status, its error code and its Retry-After header. */
export interface GatewayRefusal {
  status: number;
  code: string | undefined;
  retryAfter: string | null;
}

const RECIPIENT = new Set<string>([C.invalidProfileUrl, C.profileNotFound, C.cannotInvite, C.notConnected, C.messagingUnavailable]);
const INVALID = new Set<string>([C.invalidRequest, C.noteTooLong, C.messageTooLong, C.idempotencyKeyReused]);

/**
 * Maps a refusal onto the channel failure classes. `what` names the account and the call, never the lead
 * or the message; the gateway's free-text message is left out because it may quote either.
 */
export function failureFor(refusal: GatewayRefusal, what: string, now: Date): Error {
  const { status, code } = refusal;
  const message = `${what} answered ${status} ${code ?? '(no error code)'}`;
  if (status === 401 || status === 403 || code === C.accountNotFound) return new SenderAccountError(message);
  if (code !== undefined && RECIPIENT.has(code)) return new RecipientUnreachableError(message);
  if (code !== undefined && INVALID.has(code) && status >= 400 && status < 500) return invalidInput(message);
  if (status === 429 || status === 503) {
    const wait = retryAfterMs(refusal.retryAfter, now);
    if (wait !== undefined) return new RateLimitedError(`${message}, retry in ${Math.ceil(wait / 1000)} s`, wait);
  }
  return new Error(message);
}

/** A request no retry can fix (a note over the account's limit, a body the gateway refuses): the journey fails. */
export function invalidInput(message: string): Error {
  return new InvalidMessageError(message);
}

/** Retry-After as delta-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
function retryAfterMs(header: string | null, now: Date): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
