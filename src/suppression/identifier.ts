import { createHmac } from 'node:crypto';
import type { Identifier, IdentifierKind } from '../identity/identifiers';
import type { PersonRef } from '../identity/resolve-person';
import { EVM_ADDRESS, InvalidValue, normalizeEmail, normalizeHandle, normalizeLinkedinUrl, normalizeXUserId } from '../identity/normalize';

/** The identifier kinds a suppression can name, as the suppressions table spells them. */
export const SUPPRESSION_KINDS: readonly IdentifierKind[] = ['x_user_id', 'x_handle', 'email', 'crypto', 'linkedin'];

/** `email:ada@example.com`, `x:@ada`, `x_id:12345`, `linkedin:https://...`, `wallet:0x...`, or the bare value. */
const PREFIXES: Record<string, IdentifierKind> = {
  email: 'email',
  x: 'x_handle',
  x_handle: 'x_handle',
  x_id: 'x_user_id',
  x_user_id: 'x_user_id',
  linkedin: 'linkedin',
  wallet: 'crypto',
  crypto: 'crypto',
};

export class InvalidIdentifierError extends Error {
  override readonly name = 'InvalidIdentifierError';
}

/**
 * A wallet, as suppressions compare it: EVM addresses lower-cased (one address on every EVM chain), any
 * other address as written, without its chain.
 */
function normalizeWallet(raw: string): string {
  const text = raw.trim();
  const address = text.includes(':') ? text.slice(text.indexOf(':') + 1) : text;
  if (EVM_ADDRESS.test(address)) return address.toLowerCase();
  if (!/^[A-Za-z0-9]{20,100}$/.test(address)) throw new InvalidValue(`invalid wallet address "${raw}"`);
  return address;
}

const NORMALIZE: Record<IdentifierKind, (raw: string) => string> = {
  email: normalizeEmail,
  x_handle: normalizeHandle,
  x_user_id: normalizeXUserId,
  linkedin: normalizeLinkedinUrl,
  crypto: normalizeWallet,
};

export function normalizeIdentifier(kind: IdentifierKind, raw: string): Identifier {
  try {
    return { kind, value: NORMALIZE[kind](raw) };
  } catch (error) {
    if (error instanceof InvalidValue) throw new InvalidIdentifierError(error.message);
    throw error;
  }
}

/** normalizeIdentifier, or undefined for a value its rules do not take. */
export function normalizedOrUndefined(kind: IdentifierKind, raw: string): Identifier | undefined {
  try {
    return normalizeIdentifier(kind, raw);
  } catch (error) {
    if (error instanceof InvalidIdentifierError) return undefined;
    throw error;
  }
}

/** An identifier as the list hashes it: normalised, or as stored when the rules no longer take it. */
export function asListed(id: Identifier): Identifier {
  return normalizedOrUndefined(id.kind, id.value) ?? id;
}

const REF_KINDS: [keyof PersonRef, IdentifierKind][] = [
  ['email', 'email'],
  ['xUserId', 'x_user_id'],
  ['xHandle', 'x_handle'],
  ['linkedinUrl', 'linkedin'],
  ['walletAddress', 'crypto'],
];

/** The identifiers a reference names, normalised, email first; a value the rules do not take is left out. */
export function identifiersInRef(ref: PersonRef): Identifier[] {
  return REF_KINDS.flatMap(([field, kind]) => {
    const value = ref[field];
    const identifier = typeof value === 'string' && value.trim() !== '' ? normalizedOrUndefined(kind, value) : undefined;
    return identifier ? [identifier] : [];
  });
}

/** What a bare value most likely is: an email, a wallet, a LinkedIn URL, an X user id, else an X handle. */
function guessKind(text: string): IdentifierKind {
  if (text.includes('@') && !text.startsWith('@')) return 'email';
  if (/^0x[0-9a-f]{40}$/i.test(text)) return 'crypto';
  if (/linkedin\.com\//i.test(text)) return 'linkedin';
  if (/^\d{1,20}$/.test(text)) return 'x_user_id';
  return 'x_handle';
}

/** An identifier as a user writes it: `kind:value`, or a bare value whose kind is plain from its shape. */
export function parseIdentifier(text: string): Identifier {
  const trimmed = text.trim();
  if (trimmed === '') throw new InvalidIdentifierError('an identifier is empty');
  const colon = trimmed.indexOf(':');
  const prefix = colon > 0 ? PREFIXES[trimmed.slice(0, colon).toLowerCase()] : undefined;
  // `https://linkedin.com/...` has a colon too: only a known prefix is a kind.
  if (prefix) return normalizeIdentifier(prefix, trimmed.slice(colon + 1));
  return normalizeIdentifier(guessKind(trimmed), trimmed);
}

/** The keyed hash the list stores: HMAC-SHA256 of `kind:value` under the suppression key, base64url. */
export function identifierHash(key: Buffer, id: Identifier): string {
  return createHmac('sha256', key).update(`${id.kind}:${id.value}`).digest('base64url');
}
