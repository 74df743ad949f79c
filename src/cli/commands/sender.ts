import { InvalidArgumentError, type Command } from 'commander';
import type { Knex } from 'knex';
import { credentialSource } from '../../channels/credentials';
import { SenderAccountError } from '../../channels/errors';
import { eventSourcesOf, type EventSource } from '../../db/event-sources';
import { assertMigrated } from '../../db/knex';
import {
  accountName,
  countSends,
  findSenderAccount,
  listSenderAccounts,
  setSenderAccountStatus,
  upsertSenderAccount,
  type SenderAccount,
} from '../../db/senderAccounts';
import { CHANNELS, type Channel } from '../../sequences/model';
import { checkProviderSettings } from '../../channels/providers';
import { sourceText } from '../../senders/event-delivery';
import { readSendersFile } from '../../senders/file';
import { MAX_HANDLE_CHARS } from '../../senders/limits';
import { withDatabase } from '../context';

const FILE_HELP = `
Senders file (YAML or JSON; docs/senders.md):
  accounts:
    - channel: x                 # x | email | linkedin | xmtp
      provider: x-api            # which adapter sends for it
      handle: alice
      hourly_cap: 20             # optional; defaults per channel; at most daily_cap,
      daily_cap: 300             # which is at most 24 x hourly_cap and the channel's ceiling
      credentials:               # where each secret lives, never the secret
        accessToken: env:X_ALICE_ACCESS_TOKEN
        accessSecret: file:x-alice-access-secret   # a key of the OUTREACH_SECRETS_FILE JSON
      settings: {}               # the provider's non-secret settings (a secret here is refused)
Re-applying a file updates caps, credentials and settings but never resumes a paused or disabled account.`;

interface JsonOption {
  json?: boolean;
}

export function registerSender(program: Command): void {
  const sender = program.command('sender').description('sender accounts: who sends on each channel, their caps and status');

  sender
    .command('apply')
    .description('create or update the sender accounts a file describes')
    .argument('<file>', 'a senders file (YAML or JSON)')
    .option('--dry-run', 'validate the file; change nothing')
    .addHelpText('after', FILE_HELP)
    .action(async (file: string, opts: { dryRun?: boolean }) => {
      const accounts = readSendersFile(file, checkProviderSettings);
      if (opts.dryRun) {
        console.log(`${file}: ${accounts.length} valid account(s); nothing changed (--dry-run)`);
        return;
      }
      const done = await withDatabase(async (db) => {
        await assertMigrated(db);
        // All or nothing: one account the database refuses leaves every other as it was.
        return db.transaction(async (trx) => {
          const lines: string[] = [];
          for (const account of accounts) {
            const existed = await findSenderAccount(trx, account.channel, account.handle);
            await upsertSenderAccount(trx, account);
            lines.push(`${existed ? 'updated' : 'created'} ${account.channel}:${account.handle.toLowerCase()} (${account.provider})`);
          }
          return lines;
        });
      });
      for (const line of done) console.log(line);
    });

  sender
    .command('list')
    .description('every sender account with its status, caps, sends in the last 24 hours and what hears its replies')
    .option('--json', 'print as JSON')
    .action(async (opts: JsonOption) => {
      await withDatabase(async (db) => {
        await assertMigrated(db);
        const rows = await describeAll(db);
        if (opts.json) console.log(JSON.stringify(rows, null, 2));
        else for (const line of formatList(rows)) console.log(line);
      });
    });

  sender
    .command('check')
    .description('resolve an account\'s credentials (env vars, secrets file) and say which are missing; prints no secret')
    .argument('<account>', 'channel:handle, e.g. x:alice')
    .action(async (ref: string) => {
      await withDatabase(async (db) => {
        const account = await accountOrFail(db, ref);
        try {
          const credentials = await credentialSource().credentialsFor(account);
          console.log(`${ref}: ${Object.keys(credentials).length} credential(s) resolve: ${Object.keys(credentials).join(', ') || '(none)'}`);
        } catch (error) {
          if (!(error instanceof SenderAccountError)) throw error;
          console.error(`outreach: ${error.message}`);
          process.exitCode = 1;
        }
      });
    });

  for (const [name, status, what] of [
    ['pause', 'paused', 'stop sending from an account; its journeys wait (checks for replies go on)'],
    ['resume', 'active', 'let a paused or disabled account send again; its waiting journeys go on at their next tick'],
  ] as const) {
    sender
      .command(name)
      .description(what)
      .argument('<account>', 'channel:handle, e.g. x:alice')
      .option('--reason <text>', 'why, shown by `sender list`')
      .action(async (ref: string, opts: { reason?: string }) => {
        if (opts.reason !== undefined) checkReason(opts.reason);
        await withDatabase(async (db) => {
          const account = await accountOrFail(db, ref);
          await setSenderAccountStatus(db, account.id, status, status === 'active' ? null : opts.reason ?? 'paused by an operator');
          console.log(`${ref}: ${account.status} -> ${status}`);
        });
      });
  }
}

/** `sender list` prints the reason on one line beside the account. */
const MAX_REASON_CHARS = 200;

function checkReason(reason: string): void {
  if (reason.length > MAX_REASON_CHARS) {
    throw new InvalidArgumentError(`--reason is ${reason.length} characters, over the limit of ${MAX_REASON_CHARS}`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(reason)) throw new InvalidArgumentError('--reason must be one line of text (no control characters)');
}

function parseRef(ref: string): { channel: Channel; handle: string } {
  const [channel, handle] = ref.split(/:(.*)/s);
  if (!CHANNELS.includes(channel as Channel) || !handle || handle.length > MAX_HANDLE_CHARS) {
    const shown = ref.length > 80 ? `${ref.slice(0, 80)}…` : ref;
    throw new InvalidArgumentError(`"${shown}": expected channel:handle (at most ${MAX_HANDLE_CHARS} characters) with a channel of ${CHANNELS.join(', ')}`);
  }
  return { channel: channel as Channel, handle };
}

async function accountOrFail(db: Knex, ref: string): Promise<SenderAccount> {
  await assertMigrated(db);
  const { channel, handle } = parseRef(ref);
  const account = await findSenderAccount(db, channel, handle);
  if (!account) throw new Error(`no sender account ${channel}:${handle.toLowerCase()} (see \`outreach sender list\`)`);
  return account;
}

interface AccountLine {
  account: string;
  provider: string;
  status: string;
  reason: string | null;
  since: string | null;
  hourlyCap: number;
  dailyCap: number;
  sentLast24h: number;
  /** `webhooks: true` in the senders file: its events are posted to the ingest service. */
  webhooks: boolean;
  /** What hears the account's provider events (listeners, webhooks), from event_sources. */
  listeners: ListenerLine[];
}

interface ListenerLine {
  kind: EventSource['kind'];
  state: EventSource['state'];
  /** Whether journeys count it as a live source (a connected one must have reported within SOURCE_STALE_AFTER_MS). */
  live: boolean;
  lastError: string | null;
  lastEventAt: string | null;
  updatedAt: string;
}

async function describeAll(db: Knex): Promise<AccountLine[]> {
  const dayAgo = Date.now() - 86_400_000;
  const sources = new Map<string, EventSource[]>();
  for (const source of await eventSourcesOf(db)) sources.set(source.senderAccountId, [...(sources.get(source.senderAccountId) ?? []), source]);
  return Promise.all(
    (await listSenderAccounts(db)).map(async (a) => ({
      account: accountName(a),
      provider: a.provider,
      status: a.status,
      reason: a.statusReason,
      since: a.statusChangedAt?.toISOString() ?? null,
      hourlyCap: a.hourlyCap,
      dailyCap: a.dailyCap,
      sentLast24h: await countSends(db, a.id, new Date(dayAgo)),
      webhooks: a.webhooks === true,
      listeners: (sources.get(a.id) ?? []).map((s) => ({
        kind: s.kind,
        state: s.state,
        live: s.live,
        lastError: s.lastError,
        lastEventAt: s.lastEventAt?.toISOString() ?? null,
        updatedAt: s.updatedAt.toISOString(),
      })),
    })),
  );
}

function formatList(rows: AccountLine[]): string[] {
  if (rows.length === 0) return ['no sender accounts; add some with `outreach sender apply FILE`'];
  const width = Math.max(...rows.map((r) => r.account.length));
  return rows.map((r) => {
    const status = r.reason ? `${r.status} (${r.reason}${r.since ? `, since ${r.since}` : ''})` : r.status;
    const line = `${r.account.padEnd(width)}  ${r.provider.padEnd(16)} ${`${r.sentLast24h}/${r.dailyCap} a day, ${r.hourlyCap}/h`.padEnd(24)} ${status}`;
    return `${line}\n${' '.repeat(width + 2)}listener: ${r.listeners.length === 0 ? (r.webhooks ? 'webhooks set, no ingest process has reported' : 'none') : r.listeners.map(sourceText).join('; ')}`;
  });
}

