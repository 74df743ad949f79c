import { z } from 'zod';
import { textProblems, type ValueProblem } from '../input/text-values';
import { readTextFile } from '../input/text-file';
import type { AccountFields } from './account-rules';
import { accountSchema } from './account-schema';
import { capProblems, capsWithDefaults } from './caps';
import { pacingProblems } from './pacing';
import { describePath, SendersFileError, type SendersFileProblem } from './errors';
import { MAX_ACCOUNTS, MAX_SENDERS_FILE_BYTES, MAX_SETTINGS_DEPTH, MAX_STRING_CHARS } from './limits';
import { literalSecrets } from './secrets';
import { parseYamlSource } from './yaml-source';

export { SendersFileError } from './errors';

/** Checks one account beyond the file's shape (its provider's settings); returns problems by field. */
export type AccountCheck = (account: AccountFields) => { path: (string | number)[]; message: string }[];

const fileSchema = z.strictObject({
  accounts: z.array(accountSchema).min(1).max(MAX_ACCOUNTS, `more than ${MAX_ACCOUNTS} accounts, the limit for one senders file`),
});

/** Outside settings: accounts, [i], credentials and its values. */
const MAX_OUTER_DEPTH = 4;

/**
 * Reads a senders file (YAML or JSON): the accounts to create or update, each with caps (defaults by
 * channel), non-secret settings and references to its secrets. Every problem names its line and field;
 * one problem refuses the whole file.
 */
export function readSendersFile(path: string, check: AccountCheck = () => []): AccountFields[] {
  const source = parseYamlSource(path, readTextFile(path, { what: 'senders file', maxBytes: MAX_SENDERS_FILE_BYTES }));
  const located = (problems: ValueProblem[]): SendersFileProblem[] =>
    problems.map((p) => ({ line: source.lineOf(p.path), path: describePath(p.path), message: p.message }));
  const fail = (problems: ValueProblem[]): never => {
    throw new SendersFileError(path, located(problems).sort((a, b) => a.line - b.line));
  };

  const raw = source.value as { accounts?: unknown } | null;
  const rawAccounts = raw !== null && typeof raw === 'object' && Array.isArray(raw.accounts) ? (raw.accounts as unknown[]) : [];
  if (rawAccounts.length > MAX_ACCOUNTS) {
    fail([{ path: ['accounts'], message: `${rawAccounts.length} accounts, over the limit of ${MAX_ACCOUNTS} for one senders file` }]);
  }
  const bounds = { maxStringChars: MAX_STRING_CHARS, maxDepth: MAX_SETTINGS_DEPTH };
  const unsafe = [
    ...textProblems(withoutSettings(source.value, rawAccounts), { ...bounds, maxDepth: MAX_OUTER_DEPTH }),
    ...rawAccounts.flatMap((a, i) => (isRecord(a) ? textProblems(a.settings, bounds, ['accounts', i, 'settings']) : [])),
    ...literalSecrets(source.value),
  ];
  const parsed = fileSchema.safeParse(source.value);
  const shape = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'), message: issue.message }));
  const problems = dedupeByPath([...unsafe, ...shape]);
  if (problems.length > 0 || !parsed.success) fail(problems);

  const accounts = (parsed.data as z.infer<typeof fileSchema>).accounts.map((a): AccountFields => ({
    channel: a.channel,
    provider: a.provider,
    handle: a.handle,
    ...capsWithDefaults(a.channel, {
      ...(a.hourly_cap === undefined ? {} : { hourlyCap: a.hourly_cap }),
      ...(a.daily_cap === undefined ? {} : { dailyCap: a.daily_cap }),
    }),
    minIntervalMs: a.pacing?.min_interval ?? null,
    burst: a.pacing?.burst ?? null,
    credentialsRef: a.credentials,
    settings: a.settings,
    webhooks: a.webhooks,
  }));
  const semantic = accounts.flatMap((account, i) =>
    [
      ...capProblems(account).map((p) => ({ path: [p.field], message: p.message })),
      ...pacingProblems(account).map((p) => ({ path: p.field.split('.'), message: p.message })),
      ...duplicateOf(accounts, i),
      ...check(account),
    ].map((p) => ({ path: ['accounts', i, ...p.path], message: p.message })),
  );
  if (semantic.length > 0) fail(semantic);
  return accounts;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The document with each account's settings left out: they have bounds of their own. */
function withoutSettings(root: unknown, accounts: unknown[]): unknown {
  if (!isRecord(root)) return root;
  return { ...root, accounts: accounts.map((a) => (isRecord(a) ? { ...a, settings: undefined } : a)) };
}

/** Two checks may see one field (a literal credential breaks both the secret rule and the schema): say it once. */
function dedupeByPath(problems: ValueProblem[]): ValueProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = describePath(p.path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function duplicateOf(accounts: AccountFields[], i: number): { path: string[]; message: string }[] {
  const me = accounts[i] as AccountFields;
  const first = accounts.findIndex((a) => a.channel === me.channel && a.handle.toLowerCase() === me.handle.toLowerCase());
  return first < i ? [{ path: ['handle'], message: `${me.channel}:${me.handle} is already accounts[${first}]` }] : [];
}
