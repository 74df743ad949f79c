import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EmailSettings } from './settings';

/**
 * A lead's unsubscribe token: the person id and an HMAC of it, so whoever serves the link can verify the
 * token and find the person without a lookup table, and nobody can unsubscribe someone else.
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

/** `List-Unsubscribe` (RFC 2369) and, for an https link, one-click `List-Unsubscribe-Post` (RFC 8058). */
export function unsubscribeHeaders(unsubscribe: EmailSettings['unsubscribe'], token: string): Record<string, string> {
  const targets: string[] = [];
  if (unsubscribe?.url) {
    const url = new URL(unsubscribe.url);
    url.searchParams.set('token', token);
    targets.push(`<${url.toString()}>`);
  }
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
