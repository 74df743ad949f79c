import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { DEFAULT_CAPS } from '../channels/default-caps';
import type { SenderAccountInput } from '../db/senderAccounts';
import { CHANNELS } from '../sequences/model';

const SECRET_REF = /^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$/;

const accountSchema = z.strictObject({
  channel: z.enum(CHANNELS),
  provider: z.string().min(1),
  handle: z.string().trim().min(1),
  hourly_cap: z.number().int().positive().optional(),
  daily_cap: z.number().int().positive().optional(),
  credentials: z
    .record(z.string(), z.string().regex(SECRET_REF, 'must name where the secret lives (env:NAME or file:KEY), never hold it'))
    .default({}),
  settings: z.record(z.string(), z.unknown()).default({}),
});

const fileSchema = z.strictObject({ accounts: z.array(accountSchema).min(1) });

export interface SendersFileProblem {
  line: number;
  path: string;
  message: string;
}

export class SendersFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: SendersFileProblem[],
  ) {
    super(`${file} is not a valid senders file:\n${problems.map((p) => `  ${file}:${p.line}: ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n')}`);
  }
}

/** Checks one account beyond the file's shape (its provider's settings); returns problems by field. */
export type AccountCheck = (account: SenderAccountInput) => { path: string[]; message: string }[];

/**
 * Reads a senders file (YAML or JSON): the accounts to create or update, each with caps (defaults by
 * channel), non-secret settings and references to its secrets. Every problem names its line and field.
 */
export function readSendersFile(path: string, check: AccountCheck = () => []): SenderAccountInput[] {
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter: lines, prettyErrors: false });
  const lineOf = (at: (string | number)[]): number => {
    for (let keep = at.length; keep >= 0; keep--) {
      const node = doc.getIn(at.slice(0, keep), true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return 1;
  };
  if (doc.errors.length > 0) {
    throw new SendersFileError(path, doc.errors.map((e) => ({ line: e.linePos?.[0].line ?? 1, path: '', message: e.message })));
  }
  const parsed = fileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new SendersFileError(
      path,
      parsed.error.issues.map((issue) => {
        const at = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
        return { line: lineOf(at), path: describePath(at), message: issue.message };
      }),
    );
  }
  const accounts = parsed.data.accounts.map((a): SenderAccountInput => ({
    channel: a.channel,
    provider: a.provider,
    handle: a.handle,
    hourlyCap: a.hourly_cap ?? DEFAULT_CAPS[a.channel].hourlyCap,
    dailyCap: a.daily_cap ?? DEFAULT_CAPS[a.channel].dailyCap,
    credentialsRef: a.credentials,
    settings: a.settings,
  }));
  const problems = accounts.flatMap((account, i) =>
    [...duplicateOf(accounts, i), ...check(account)].map((p) => {
      const at = ['accounts', i, ...p.path];
      return { line: lineOf(at), path: describePath(at), message: p.message };
    }),
  );
  if (problems.length > 0) throw new SendersFileError(path, problems.sort((a, b) => a.line - b.line));
  return accounts;
}

function duplicateOf(accounts: SenderAccountInput[], i: number): { path: string[]; message: string }[] {
  const me = accounts[i] as SenderAccountInput;
  const first = accounts.findIndex((a) => a.channel === me.channel && a.handle.toLowerCase() === me.handle.toLowerCase());
  return first < i ? [{ path: ['handle'], message: `${me.channel}:${me.handle} is already accounts[${first}]` }] : [];
}

function describePath(at: (string | number)[]): string {
  return at.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
