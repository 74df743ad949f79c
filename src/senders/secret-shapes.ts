/**
 * What a secret looks like, by the name it is stored under and by the shape of the value. Used to refuse
 * literal secrets anywhere in a sender account; a false alarm costs a reference, a miss costs a leak.
 */

/** Words that make a name secret wherever they appear in it (`smtpPassword`, `session_id`, `x-auth-token`). */
const SECRET_WORDS = new Set([
  'password', 'passwd', 'pass', 'pwd', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'bearer',
  'cookie', 'cookies', 'session', 'sessions', 'credential', 'credentials', 'creds', 'apikey', 'privatekey',
  'mnemonic', 'jwt', 'authorization',
]);
/** Words that make a name secret when they end it (`privateKey`, `walletKey`, `dbEncryptionKey`, `api_key`). */
const SECRET_LAST_WORDS = new Set(['key', 'keys']);
/** Whole names that are secret though their words are not (`auth: "user:password"`, `seedPhrase`). */
const SECRET_NAMES = new Set(['auth', 'seedphrase', 'recoveryphrase', 'privkey', 'pk']);

/** `dbEncryptionKey` -> [db, encryption, key]; `API_KEY` -> [api, key]; `oauth2UserToken` -> [oauth2, user, token]. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Whether a key names a secret; returns the word that says so. */
export function secretWordIn(name: string): string | undefined {
  const words = nameWords(name);
  const whole = words.join('');
  if (SECRET_NAMES.has(whole) || SECRET_WORDS.has(whole)) return name;
  const last = words[words.length - 1];
  if (last !== undefined && SECRET_LAST_WORDS.has(last)) return last;
  return words.find((w) => SECRET_WORDS.has(w));
}

/** Tokens with a vendor's fixed prefix (GitHub, Slack, AWS, OpenAI, Google, Stripe, X's app bearer token). */
const VENDOR_TOKEN =
  /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|sk-[A-Za-z0-9_-]{20,}|AIza[0-9A-Za-z_-]{35}|[rs]k_live_[A-Za-z0-9]{16,}|A{16,}[A-Za-z0-9%]{20,})/;

const SHAPES: { test: (value: string) => boolean; what: string }[] = [
  { what: 'a PEM block (a private key or certificate)', test: (v) => /-----BEGIN [A-Z0-9 ]*-----/.test(v) },
  { what: 'a private key (64 or more hex digits)', test: (v) => /(?<![0-9a-fA-F])(?:0x)?[0-9a-fA-F]{64,}(?![0-9a-fA-F])/.test(v) },
  { what: 'a JSON Web Token', test: (v) => /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/.test(v) },
  { what: 'a bearer token', test: (v) => /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/i.test(v) },
  { what: 'HTTP Basic credentials', test: hasBasicCredentials },
  { what: 'a URL with a password (user:password@)', test: (v) => /[a-z][a-z0-9+.-]*:\/\/[^\s/?#@]*:[^\s/?#@]*@/i.test(v) },
  { what: 'a URL with a secret in its query', test: hasSecretQuery },
  { what: 'an API token', test: (v) => VENDOR_TOKEN.test(v) || /\b\d{5,20}-[A-Za-z0-9]{30,}\b/.test(v) },
  { what: 'a random token (long, mixed case and digits)', test: looksRandom },
];

/** What a value looks like when it looks like a secret, e.g. "a JSON Web Token"; undefined otherwise. */
export function secretShapeOf(value: string): string | undefined {
  return SHAPES.find((shape) => shape.test(value))?.what;
}

function hasBasicCredentials(value: string): boolean {
  for (const [, encoded] of value.matchAll(/\bBasic\s+([A-Za-z0-9+/]{8,}={0,2})/gi)) {
    const decoded = Buffer.from(encoded as string, 'base64').toString('latin1');
    if (/^[\x20-\x7e]+:[\x20-\x7e]*$/.test(decoded)) return true;
  }
  return false;
}

function hasSecretQuery(value: string): boolean {
  for (const [, query] of value.matchAll(/:\/\/[^\s?#]*\?([^\s#]*)/g)) {
    for (const pair of (query as string).split('&')) {
      const name = pair.split('=')[0] ?? '';
      if (pair.includes('=') && secretWordIn(name) !== undefined) return true;
    }
  }
  return false;
}

/**
 * 32+ characters of one token with upper case, lower case and digits, spread like random output: high
 * entropy, and short runs of lower case (words in CamelCase have long ones). URLs and paths are judged
 * piece by piece, so a path of ordinary names is not one token.
 */
function looksRandom(value: string): boolean {
  const pieces = /:\/\/|^[/~.]/.test(value) ? value.split(/[/?#&=]/) : [value];
  for (const piece of pieces) {
    for (const [token] of piece.matchAll(/[A-Za-z0-9_+=/-]{32,}/g)) {
      if (!/[A-Z]/.test(token) || !/[a-z]/.test(token) || !/[0-9]/.test(token)) continue;
      const lowerRuns = token.match(/[a-z]+/g) ?? [];
      const meanLowerRun = lowerRuns.reduce((sum, run) => sum + run.length, 0) / lowerRuns.length;
      if (entropyBitsPerChar(token) >= 4 && meanLowerRun <= 2.5) return true;
    }
  }
  return false;
}

function entropyBitsPerChar(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits;
}
