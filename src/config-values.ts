import ms from 'ms';
import { ExplainedError } from './errors/describe';

/** A setting (environment variable or command-line option) with a value we refuse; the message names it. */
export class ConfigError extends ExplainedError {
  override readonly name = 'ConfigError';
}

/** Values echoed in messages are cut here: a setting can be as long as the environment allows. */
const MAX_SHOWN_CHARS = 80;

/** How a setting is written in messages: `NAME=value` for a variable, `--option value` for an option. */
export function settingText(name: string, value: string): string {
  const shown = value.length > MAX_SHOWN_CHARS ? `${value.slice(0, MAX_SHOWN_CHARS)}...` : value;
  return name.startsWith('-') ? `${name} ${shown}` : `${name}=${shown}`;
}

/** A duration with a unit (`10s`, `2m`), within bounds stated in the message. */
export function parseDuration(name: string, text: string, bounds: { minMs: number; maxMs: number }): number {
  const range = `from ${ms(bounds.minMs)} to ${ms(bounds.maxMs)}`;
  const value = /[a-z]/i.test(text) ? ms(text as ms.StringValue) : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigError(`${settingText(name, text)}: expected a duration with a unit, such as 10s or 2m (${range})`);
  }
  if (value < bounds.minMs || value > bounds.maxMs) throw new ConfigError(`${settingText(name, text)}: must be ${range}`);
  return value;
}

/** A whole number within bounds stated in the message. */
export function parseCount(name: string, text: string, bounds: { min: number; max: number; why?: string }): number {
  const value = /^\s*\d{1,15}\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < bounds.min || value > bounds.max) {
    const why = bounds.why ? ` (${bounds.why})` : '';
    throw new ConfigError(`${settingText(name, text)}: expected a whole number from ${bounds.min} to ${bounds.max}${why}`);
  }
  return value;
}

export function parseChoice<T extends string>(name: string, text: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw new ConfigError(`${settingText(name, text)}: expected ${choices.join(' or ')}`);
}

export function parsePort(name: string, text: string): number {
  return parseCount(name, text, { min: 1, max: 65_535 });
}

/** `host:port`, the form Temporal's clients take (a name, an IPv4 address or a bracketed IPv6 one). */
export function parseHostPort(name: string, text: string): string {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?):(\d{1,5})$/.exec(text);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 65_535) {
    throw new ConfigError(`${settingText(name, text)}: expected HOST:PORT, such as localhost:7233 or my-namespace.a1b2c.tmprl.cloud:7233`);
  }
  return text;
}

export function parseHttpUrl(name: string, text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConfigError(`${settingText(name, text)}: expected an http:// or https:// URL`);
  }
  return text;
}

const POSTGRES_FORM = 'postgres://USER:PASSWORD@HOST:PORT/DATABASE';

/**
 * A Postgres connection URL. Messages never echo it: it carries the password. Anything pg would read
 * differently from a URL (a bare word is taken as a database on localhost) is refused here.
 */
export function parsePostgresUrl(name: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${name}: not a URL; expected ${POSTGRES_FORM} (percent-encode special characters in the password, such as @ as %40)`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`${name}: the scheme "${url.protocol}" is not Postgres; expected ${POSTGRES_FORM} (or postgresql://)`);
  }
  if (!url.hostname && !url.searchParams.get('host')) throw new ConfigError(`${name}: names no host; expected ${POSTGRES_FORM}`);
  if (url.pathname.length > 1 && url.pathname.slice(1).includes('/')) {
    throw new ConfigError(`${name}: the path must be one database name; expected ${POSTGRES_FORM}`);
  }
  return text;
}

/** `host:port/database` of a Postgres URL, for messages: no user, no password. */
export function postgresTarget(text: string): string {
  const url = new URL(text);
  const host = url.hostname || url.searchParams.get('host') || 'localhost';
  const database = decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || 'postgres';
  return `${host}:${url.port || '5432'}/${database}`;
}

/** A secret setting: the secret itself (in the form `literal` describes), or where it lives. Never echoed. */
export type SecretSetting = { value: string } | { reference: string };

const SECRET_REFERENCE_FORM = /^(?:env:[A-Za-z_][A-Za-z0-9_]{0,127}|file:[A-Za-z0-9_][A-Za-z0-9_.:@+/-]{0,199})$/;

export function parseSecretSetting(name: string, text: string, literal: { form: RegExp; described: string }): SecretSetting {
  if (/^(?:env|file):/.test(text)) {
    if (!SECRET_REFERENCE_FORM.test(text)) throw new ConfigError(`${name}: a reference must be env:NAME or file:KEY (a key of OUTREACH_SECRETS_FILE)`);
    return { reference: text };
  }
  if (!literal.form.test(text)) throw new ConfigError(`${name}: expected ${literal.described}, or a reference env:NAME / file:KEY (the value is not shown)`);
  return { value: text };
}
