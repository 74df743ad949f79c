import { createHmac, timingSafeEqual } from 'node:crypto';

/** What an unsubscribe link names: ids only, never an address. */
export interface UnsubscribeClaims {
  personId: string;
  senderAccountId: string;
  sequenceVersionId: string;
}

/** The longest token looked at: ours are under 100 characters; anything longer is refused unread. */
export const MAX_TOKEN_CHARS = 200;

/** The format and key version; a new one would get a new label and prefix, and this one would still verify. */
const VERSION = 'u1';
const KEY_LABEL = 'outreach unsubscribe token key v1';
const ID = /^[1-9][0-9]{0,18}$/;

/**
 * The signing key, derived from the suppression key: the worker and the ingest service share it through the
 * database (or SUPPRESSION_SECRET) with no secret of its own, and a token never expires.
 */
export function unsubscribeSigningKey(suppressionKey: Buffer): Buffer {
  return createHmac('sha256', suppressionKey).update(KEY_LABEL).digest();
}

function signature(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(`${VERSION}.${payload}`).digest('base64url').slice(0, 27);
}

/** `u1.PAYLOAD.SIG`: the ids, base64url-encoded, and 160 bits of HMAC-SHA256 over them. */
export function makeUnsubscribeToken(key: Buffer, claims: UnsubscribeClaims): string {
  const payload = Buffer.from(`${claims.personId}.${claims.senderAccountId}.${claims.sequenceVersionId}`).toString('base64url');
  return `${VERSION}.${payload}.${signature(key, payload)}`;
}

/** The claims of a token made under this key, or undefined for anything else (forged, altered, another format). */
export function readUnsubscribeToken(key: Buffer, token: string): UnsubscribeClaims | undefined {
  if (token.length > MAX_TOKEN_CHARS) return undefined;
  const [version, payload, given, ...rest] = token.split('.');
  if (version !== VERSION || !payload || !given || rest.length > 0) return undefined;
  const expected = Buffer.from(signature(key, payload));
  const offered = Buffer.from(given);
  if (offered.length !== expected.length || !timingSafeEqual(offered, expected)) return undefined;
  const ids = Buffer.from(payload, 'base64url').toString('utf8').split('.');
  const [personId, senderAccountId, sequenceVersionId] = ids;
  if (ids.length !== 3 || !ids.every((id) => ID.test(id))) return undefined;
  return { personId: personId as string, senderAccountId: senderAccountId as string, sequenceVersionId: sequenceVersionId as string };
}
