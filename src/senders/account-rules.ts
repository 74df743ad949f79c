import type { Channel } from '../sequences/model';
import { textProblems } from '../input/text-values';
import { capProblems } from './caps';
import { pacingProblems, type PacingFields } from './pacing';
import { describePath } from './errors';
import { MAX_HANDLE_CHARS, MAX_SETTINGS_BYTES, MAX_SETTINGS_DEPTH, MAX_STRING_CHARS, SETTINGS_TOO_LARGE } from './limits';
import { literalSecrets } from './secrets';

/** A sender account as written (senders file, sandbox, demo, code), before it is stored. */
export interface AccountFields extends PacingFields {
  channel: Channel;
  provider: string;
  handle: string;
  hourlyCap: number;
  dailyCap: number;
  /** Where each secret lives (e.g. `{ token: 'env:X_TOKEN_ALICE' }`), never the secret. */
  credentialsRef?: Record<string, string>;
  /** Provider settings that are not secret. */
  settings?: Record<string, unknown>;
  /** Its provider events are posted to the ingest service (a senders file says so, false when it omits it). */
  webhooks?: boolean;
}

/** An account that breaks the rules every stored account obeys (caps, secrets as references, storable text). */
class InvalidSenderAccountError extends Error {
  override readonly name = 'InvalidSenderAccountError';
}

/**
 * The rules for every sender account, however it is written (senders file, sandbox, demo, code): caps by
 * capProblems, no literal secret anywhere, text Postgres can store within the file's bounds. Problems as
 * `field: message`, with fields named as in the senders file.
 */
function senderAccountProblems(a: AccountFields): string[] {
  const fields = { provider: a.provider, handle: a.handle, credentials: a.credentialsRef ?? {}, settings: a.settings ?? {} };
  const problems = [
    ...capProblems(a).map((p) => ({ path: [p.field], message: p.message })),
    ...pacingProblems(a).map((p) => ({ path: p.field.split('.'), message: p.message })),
    ...textProblems(fields, { maxStringChars: MAX_STRING_CHARS, maxDepth: 1 + MAX_SETTINGS_DEPTH }),
    ...literalSecrets(fields),
  ];
  if (a.handle.length > MAX_HANDLE_CHARS) problems.push({ path: ['handle'], message: `is over ${MAX_HANDLE_CHARS} characters` });
  if (Buffer.byteLength(JSON.stringify(fields.settings)) > MAX_SETTINGS_BYTES) problems.push({ path: ['settings'], message: SETTINGS_TOO_LARGE });
  return problems.map((p) => `${describePath(p.path)}: ${p.message}`);
}

export function assertValidSenderAccount(a: AccountFields): void {
  const problems = senderAccountProblems(a);
  if (problems.length === 0) return;
  // A handle that is itself the problem (too long, shaped like a secret) is not repeated.
  const name = problems.some((p) => p.startsWith('handle:')) ? `on ${a.channel} (handle withheld)` : `${a.channel}:${a.handle}`;
  throw new InvalidSenderAccountError(`sender account ${name} is refused: ${problems.join('; ')}`);
}
