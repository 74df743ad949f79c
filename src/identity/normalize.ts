import { z } from 'zod';
import { count, MAX_IDENTIFIER_CHARS } from './csv-limits';

/** A value that cannot be an identifier; the message names the value and what was expected. */
export class InvalidValue extends Error {}

const EMAIL = z.regexes.email;
const X_HANDLE = /^[a-z0-9_]{1,15}$/;
const X_PROFILE_URL = /^(?:https?:\/\/)?(?:www\.|mobile\.)?(?:x|twitter)\.com\/([^/?#]+)/i;
/**
 * An EVM address, 0x and 40 hex digits in any case: what XMTP (through viem's non-strict `isAddress`) takes.
 * Its source is a POSIX regular expression too, so that SQL can pick the addresses a channel can use.
 */
export const EVM_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const SOLANA_ADDRESS = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;
const BITCOIN_ADDRESS = /^(?:bc1[02-9ac-hj-np-z]{8,87}|[13][1-9A-HJ-NP-Za-km-z]{25,34})$/;
const CHAIN_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** Chains whose addresses are 0x + 40 hex digits. Addresses are stored lower-case (the mixed case is only a checksum). */
export const EVM_CHAINS = [
  'ethereum', 'polygon', 'arbitrum', 'optimism', 'base', 'bsc', 'avalanche', 'gnosis', 'zksync', 'linea',
  'scroll', 'fantom', 'celo', 'blast', 'mantle',
] as const;
const DEFAULT_CHAIN = 'ethereum';

const CHAIN_ALIASES: Record<string, string> = {
  eth: 'ethereum', mainnet: 'ethereum', matic: 'polygon', arb: 'arbitrum', op: 'optimism', bnb: 'bsc',
  avax: 'avalanche', xdai: 'gnosis', sol: 'solana', btc: 'bitcoin',
};

export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) throw new InvalidValue(`invalid email "${raw}"`);
  return email;
}

/** `@Ada`, `ada`, `https://x.com/Ada` and `twitter.com/ada` all give `ada`. */
export function normalizeHandle(raw: string): string {
  const fromUrl = X_PROFILE_URL.exec(raw.trim())?.[1];
  const handle = (fromUrl ?? raw).trim().replace(/^@/, '').toLowerCase();
  if (!X_HANDLE.test(handle)) throw new InvalidValue(`invalid X handle "${raw}" (1-15 letters, digits or _)`);
  return handle;
}

export function normalizeXUserId(raw: string): string {
  const id = raw.trim();
  if (!/^[0-9]{1,20}$/.test(id)) throw new InvalidValue(`invalid X user id "${raw}" (digits only)`);
  return id;
}

export function normalizeChain(raw: string | undefined): string {
  const name = (raw ?? '').trim().toLowerCase();
  if (name === '') return DEFAULT_CHAIN;
  const chain = CHAIN_ALIASES[name] ?? name;
  if (!CHAIN_NAME.test(chain)) throw new InvalidValue(`invalid crypto chain "${raw}"`);
  return chain;
}

/**
 * EVM chains: 0x + 40 hex, lower-cased. Solana and Bitcoin: their address alphabets. Any other chain is accepted
 * as written (no spaces, at most 128 characters): we cannot check what we do not know.
 */
export function normalizeCryptoAddress(chain: string, raw: string): string {
  const address = raw.trim();
  if ((EVM_CHAINS as readonly string[]).includes(chain)) {
    if (!EVM_ADDRESS.test(address)) throw new InvalidValue(`invalid ${chain} address "${raw}" (0x + 40 hex digits)`);
    return address.toLowerCase();
  }
  if (chain === 'solana' && !SOLANA_ADDRESS.test(address)) throw new InvalidValue(`invalid solana address "${raw}" (base58)`);
  if (chain === 'bitcoin') {
    const btc = address.toLowerCase().startsWith('bc1') ? address.toLowerCase() : address;
    if (!BITCOIN_ADDRESS.test(btc)) throw new InvalidValue(`invalid bitcoin address "${raw}"`);
    return btc;
  }
  if (address === '' || address.length > 128 || /\s/.test(address)) {
    throw new InvalidValue(`invalid ${chain} address "${raw}" (no spaces, at most 128 characters)`);
  }
  return address;
}

/**
 * `https://www.linkedin.com/in/<slug>`: any scheme, subdomain (`uk.`, `m.`), query, fragment or trailing path
 * dropped, the slug lower-cased and percent-encoded one way. A bare slug (`ada-lovelace`) is accepted too.
 * Legacy `/pub/...` profile URLs keep their path.
 */
export function canonicalLinkedinUrl(raw: string): string {
  const text = raw.trim();
  if (/^[^/.:\s]+$/.test(text)) return `https://www.linkedin.com/in/${slug(text)}`;
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new InvalidValue(`invalid LinkedIn URL "${raw}"`);
  }
  const host = url.hostname.toLowerCase();
  if (host !== 'linkedin.com' && !host.endsWith('.linkedin.com')) {
    throw new InvalidValue(`invalid LinkedIn URL "${raw}" (not linkedin.com)`);
  }
  const [kind, ...rest] = url.pathname.split('/').filter(Boolean);
  if (kind?.toLowerCase() === 'in' && rest[0]) return `https://www.linkedin.com/in/${slug(rest[0])}`;
  if (kind?.toLowerCase() === 'pub' && rest[0]) return `https://www.linkedin.com/pub/${rest.map(slug).join('/')}`;
  throw new InvalidValue(`invalid LinkedIn URL "${raw}" (expected linkedin.com/in/NAME)`);
}

/** canonicalLinkedinUrl, bounded: percent-encoding can triple a slug, and the stored URL is unique-indexed. */
export function normalizeLinkedinUrl(raw: string): string {
  const url = canonicalLinkedinUrl(raw);
  if (url.length > MAX_IDENTIFIER_CHARS) {
    throw new InvalidValue(`a LinkedIn URL of ${count(url.length)} characters once normalised; the limit for an identifier is ${count(MAX_IDENTIFIER_CHARS)}`);
  }
  return url;
}

function slug(segment: string): string {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // A stray % is kept as written.
  }
  return encodeURIComponent(decoded.toLowerCase());
}

/** `a; B ;;c` gives `a`, `b`, `c`: trimmed, lower-cased, without control characters, blanks or repeats. */
export function parseTags(raw: string): string[] {
  // eslint-disable-next-line no-control-regex
  const tags = raw.split(';').map((t) => t.replace(/[\x00-\x1f]/g, '').trim().toLowerCase()).filter((t) => t !== '');
  return [...new Set(tags)];
}
