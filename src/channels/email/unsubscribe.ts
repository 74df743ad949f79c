import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EmailSettings } from './settings';

/**
 * The first token format: the person id and an HMAC of it under the account's `unsubscribeSecret`. No longer
 * made for sends (src/unsubscribe/token.ts makes them now); links already sent in it still work (src/unsubscribe/legacy.ts).
 */
export function unsubscribeToken(secret: string, personId: string): string {
  return `${personId}.${signature(secret, personId)}`;
}

/** The person id a token was made for, or undefined when it was not made with this secret. */
export function verifyUnsubscribeToken(secret: string, token: string): string | undefined {
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const personId = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(signature(secret, personId));
  return given.length === expected.length && timingSafeEqual(given, expected) ? personId : undefined;
}

/** The unsubscribe link for a token: the account's `settings.unsubscribe.url` with `?token=`. */
export function unsubscribeUrl(base: string, token: string): string {
  const url = new URL(base);
  url.searchParams.set('token', token);
  return url.toString();
}

/** `List-Unsubscribe` (RFC 2369) and, for an http(s) link, one-click `List-Unsubscribe-Post` (RFC 8058). */
export function unsubscribeHeaders(unsubscribe: EmailSettings['unsubscribe'], token: string): Record<string, string> {
  const targets: string[] = [];
  if (unsubscribe?.url) targets.push(`<${unsubscribeUrl(unsubscribe.url, token)}>`);
  if (unsubscribe?.mailto) targets.push(`<mailto:${unsubscribe.mailto}?subject=${encodeURIComponent(`unsubscribe ${token}`)}>`);
  if (targets.length === 0) return {};
  return {
    'List-Unsubscribe': targets.join(', '),
    ...(unsubscribe?.url ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
  };
}

function signature(secret: string, personId: string): string {
  return createHmac('sha256', secret).update(`unsubscribe:${personId}`).digest('base64url').slice(0, 32);
}
