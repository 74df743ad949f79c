import type { SecretSetting } from './config-values';
import { ConfigError } from './config-values';
import { readTextFile } from './input/text-file';

const SECRETS_FILE_ENV = 'OUTREACH_SECRETS_FILE';
const MAX_SECRETS_FILE_BYTES = 1024 * 1024;

/**
 * The secret a setting holds or names (`env:NAME`, `file:KEY` of OUTREACH_SECRETS_FILE), read once at start.
 * Messages name the setting and the reference, never a value or the file's content.
 */
export function resolveSecret(variable: string, setting: SecretSetting, env: NodeJS.ProcessEnv = process.env): string {
  if ('value' in setting) return setting.value;
  const [scheme, key] = [setting.reference.slice(0, setting.reference.indexOf(':')), setting.reference.slice(setting.reference.indexOf(':') + 1)];
  if (scheme === 'env') {
    const value = env[key];
    if (!value) throw new ConfigError(`${variable}=${setting.reference}: ${key} is not set`);
    return value;
  }
  const path = env[SECRETS_FILE_ENV];
  if (!path) throw new ConfigError(`${variable}=${setting.reference}: ${SECRETS_FILE_ENV} is not set`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readTextFile(path, { what: 'secrets file', maxBytes: MAX_SECRETS_FILE_BYTES }));
  } catch (error) {
    // The parser's message can quote the file's content, which is secret; the reader's names the file only.
    const reason = error instanceof SyntaxError ? 'not valid JSON' : error instanceof Error ? error.message : String(error);
    throw new ConfigError(`${variable}=${setting.reference}: cannot read ${SECRETS_FILE_ENV}=${path}: ${reason}`);
  }
  const value = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[key] : undefined;
  if (typeof value !== 'string' || value === '') {
    throw new ConfigError(`${variable}=${setting.reference}: the secrets file holds no string under "${key}"`);
  }
  return value;
}
