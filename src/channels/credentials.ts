import { senderLabel, type SenderAccount } from '../db/senderAccounts';
import { readTextFile } from '../input/text-file';
import { SenderAccountError } from './errors';

/** A sender account's secrets by name (`accessToken`, `password`, ...), resolved just before use. */
export type Credentials = Readonly<Record<string, string>>;

export interface CredentialSource {
  credentialsFor(account: SenderAccount): Promise<Credentials>;
}

const SECRETS_FILE_ENV = 'OUTREACH_SECRETS_FILE';

/** A secrets file is a JSON object of names to secrets; anything larger is not one (and must not fill memory). */
const MAX_SECRETS_FILE_BYTES = 1024 * 1024;

/**
 * Resolves the references an account row holds in `credentials_ref`, never the secrets themselves:
 * `env:NAME` reads an environment variable, `file:KEY` a key of the JSON secrets file named by
 * OUTREACH_SECRETS_FILE (read on each use, so a rotated secret is picked up without a restart).
 * A reference that resolves to nothing stops the account: retrying will not make a secret appear.
 */
export function credentialSource(env: NodeJS.ProcessEnv = process.env): CredentialSource {
  return {
    async credentialsFor(account) {
      const entries = Object.entries(account.credentialsRef);
      const file = entries.some(([, ref]) => ref.startsWith('file:')) ? await readSecretsFile(env, account) : {};
      const resolved: Record<string, string> = {};
      for (const [name, ref] of entries) resolved[name] = resolveOne(env, file, account, name, ref);
      return resolved;
    },
  };
}

/** The named secret of an account, or a SenderAccountError naming what is missing (never a value). */
export function requireCredential(credentials: Credentials, account: SenderAccount, name: string): string {
  const value = credentials[name];
  if (value === undefined || value === '') {
    throw new SenderAccountError(`${senderLabel(account)}: credentials_ref has no "${name}"`);
  }
  return value;
}

function resolveOne(
  env: NodeJS.ProcessEnv,
  file: Record<string, unknown>,
  account: SenderAccount,
  name: string,
  ref: string,
): string {
  const colon = ref.indexOf(':');
  const scheme = colon < 0 ? '' : ref.slice(0, colon);
  const key = ref.slice(colon + 1);
  if (scheme === 'env') {
    const value = env[key];
    if (!value) throw new SenderAccountError(`${senderLabel(account)}: credential "${name}" names env:${key}, which is not set`);
    return value;
  }
  if (scheme === 'file') {
    const value = file[key];
    if (typeof value !== 'string' || value === '') {
      throw new SenderAccountError(`${senderLabel(account)}: credential "${name}" names file:${key}, which the secrets file does not hold as a string`);
    }
    return value;
  }
  throw new SenderAccountError(`${senderLabel(account)}: credential "${name}" must be "env:NAME" or "file:KEY", not a literal value`);
}

async function readSecretsFile(env: NodeJS.ProcessEnv, account: SenderAccount): Promise<Record<string, unknown>> {
  const path = env[SECRETS_FILE_ENV];
  if (!path) throw new SenderAccountError(`${senderLabel(account)}: credentials name file: keys but ${SECRETS_FILE_ENV} is not set`);
  let text: string;
  try {
    text = readTextFile(path, { what: 'secrets file', maxBytes: MAX_SECRETS_FILE_BYTES });
  } catch (error) {
    // The reader's messages name the file, its kind, size or a line, never its content.
    const reason = error instanceof Error ? error.message : String(error);
    throw new SenderAccountError(`${senderLabel(account)}: cannot read ${SECRETS_FILE_ENV}=${reason}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message can quote the file's content, which is secret.
    throw new SenderAccountError(`${senderLabel(account)}: ${SECRETS_FILE_ENV}=${path} is not valid JSON`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SenderAccountError(`${senderLabel(account)}: ${SECRETS_FILE_ENV}=${path} must hold a JSON object of names to strings`);
  }
  return parsed as Record<string, unknown>;
}
