import { InvalidArgumentError, type Command } from 'commander';
import ms from 'ms';
import type { Knex } from 'knex';
import { describeError } from '../../errors/describe';
import { assertMigrated } from '../../db/knex';
import { findSenderAccount } from '../../db/senderAccounts';
import { listSuppressions, SUPPRESSION_REASONS, type SuppressionReason, type SuppressionScope } from '../../db/suppressions';
import type { Identifier } from '../../identity/identifiers';
import { CHANNELS, type Channel } from '../../sequences/model';
import { readSuppressionFile, suppressionsCsv, type SuppressionFileRow } from '../../suppression/file';
import { parseIdentifier } from '../../suppression/identifier';
import { suppressionKey } from '../../suppression/key';
import { endJourneysOf, suppress, unsuppress, type SuppressionOutcome } from '../../suppression/suppress';
import { withDatabase, withTemporal } from '../context';
import type { Config } from '../../config';

interface ScopeOptions {
  channel?: string;
  sender?: string;
}

function identifierArg(text: string, previous: Identifier[] = []): Identifier[] {
  try {
    return [...previous, parseIdentifier(text)];
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

function reasonArg(text: string): SuppressionReason {
  if (!(SUPPRESSION_REASONS as readonly string[]).includes(text)) throw new InvalidArgumentError(`expected one of ${SUPPRESSION_REASONS.join(', ')}`);
  return text as SuppressionReason;
}

function expiresArg(text: string): Date {
  const span = /^\d+\s*[a-z]+$/i.test(text) ? (ms(text as ms.StringValue) as number | undefined) : undefined;
  const at = span !== undefined ? new Date(Date.now() + span) : new Date(text);
  if (Number.isNaN(at.getTime()) || at.getTime() <= Date.now()) throw new InvalidArgumentError('expected a time to come: 30d, 12h, or a date such as 2027-01-31');
  return at;
}

async function scopeOf(db: Knex, opts: ScopeOptions): Promise<SuppressionScope> {
  if (opts.channel && opts.sender) throw new Error('--channel and --sender: give one (a sender account is on one channel already)');
  if (opts.channel) {
    if (!(CHANNELS as readonly string[]).includes(opts.channel)) throw new Error(`--channel ${opts.channel}: expected one of ${CHANNELS.join(', ')}`);
    return { scope: 'channel', channel: opts.channel as Channel };
  }
  if (opts.sender) return { scope: 'sender', senderAccountId: await senderId(db, opts.sender, '--sender') };
  return { scope: 'global' };
}

async function senderId(db: Knex, name: string, where: string): Promise<string> {
  const colon = name.indexOf(':');
  const account = colon > 0 ? await findSenderAccount(db, name.slice(0, colon) as Channel, name.slice(colon + 1)) : undefined;
  if (!account) throw new Error(`${where} ${name}: no such sender account (write channel:handle, as \`outreach sender list\` shows)`);
  return account.id;
}

/** Ends the journeys a global suppression covers; Temporal away is said, not fatal: their next send checks. */
async function endJourneys(db: Knex, config: Config, outcome: SuppressionOutcome): Promise<number | string> {
  if (outcome.ending.length === 0) return 0;
  try {
    return await withTemporal(config, (client) => endJourneysOf(db, client, outcome.ending));
  } catch (error) {
    return `not signalled (${describeError(error).message}); they end at their next send`;
  }
}

function summary(outcome: SuppressionOutcome, ended: number | string): string {
  return `suppressed: ${outcome.added.length} added (${outcome.persons.length} person${outcome.persons.length === 1 ? '' : 's'} in the graph), journeys ended: ${ended}`;
}

export function registerSuppress(program: Command): void {
  const suppressCommand = program
    .command('suppress')
    .description('the do-not-contact list: every identifier of a person, kept as a keyed hash (docs/suppression.md)');

  suppressCommand
    .command('add')
    .description('suppress identifiers (email, x:@handle, x_id:123, linkedin:URL, wallet:0x...); a global one ends the person\'s journeys now')
    .argument('<identifier...>', 'one or more identifiers')
    .option('--reason <reason>', `why: ${SUPPRESSION_REASONS.join(', ')}`, reasonArg, 'manual' as SuppressionReason)
    .option('--channel <channel>', 'only this channel')
    .option('--sender <channel:handle>', 'only this sender account')
    .option('--expires <when>', 'lift it then: 30d, 12h, or a date')
    .option('--json', 'print the result as JSON')
    .action(async (values: string[], opts: ScopeOptions & { reason: SuppressionReason; expires?: string; json?: boolean }) => {
      const identifiers = values.reduce<Identifier[]>((all, v) => identifierArg(v, all), []);
      const expiresAt = opts.expires === undefined ? undefined : expiresArg(opts.expires);
      await withDatabase(async (db, config) => {
        await assertMigrated(db);
        const key = await suppressionKey(db);
        const scope = await scopeOf(db, opts);
        const outcome = await suppress(
          { db, key },
          identifiers.map((identifier) => ({ identifier, scope, reason: opts.reason, source: 'cli', ...(expiresAt ? { expiresAt } : {}) })),
        );
        const ended = await endJourneys(db, config, outcome);
        console.log(opts.json ? JSON.stringify({ added: outcome.added.length, persons: outcome.persons, journeysEnded: ended }) : summary(outcome, ended));
      });
    });

  suppressCommand
    .command('remove')
    .description('lift the suppressions of identifiers (all scopes, or the one given); recorded, never deleted')
    .argument('<identifier...>', 'one or more identifiers')
    .option('--channel <channel>', 'only the one for this channel')
    .option('--sender <channel:handle>', 'only the one for this sender account')
    .option('--json', 'print the result as JSON')
    .action(async (values: string[], opts: ScopeOptions & { json?: boolean }) => {
      const identifiers = values.reduce<Identifier[]>((all, v) => identifierArg(v, all), []);
      await withDatabase(async (db) => {
        await assertMigrated(db);
        const key = await suppressionKey(db);
        const scope = opts.channel || opts.sender ? await scopeOf(db, opts) : undefined;
        const removed = await unsuppress({ db, key }, identifiers, 'cli', scope);
        console.log(opts.json ? JSON.stringify({ removed: removed.length }) : `removed: ${removed.length} suppression${removed.length === 1 ? '' : 's'} lifted`);
      });
    });

  suppressCommand
    .command('list')
    .description('the suppressions in force (hashes: the list names nobody)')
    .option('--all', 'with the lifted ones')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { all?: boolean; json?: boolean }) => {
      await withDatabase(async (db) => {
        await assertMigrated(db);
        const list = await listSuppressions(db, { removed: opts.all === true });
        if (opts.json) return console.log(JSON.stringify(list, null, 2));
        if (list.length === 0) return console.log('no suppressions');
        for (const s of list) {
          const scope = s.scope.scope === 'global' ? 'global' : s.scope.scope === 'channel' ? `channel ${s.scope.channel}` : `sender ${s.scope.senderAccountId}`;
          const extra = [s.expiresAt && `expires ${s.expiresAt.toISOString()}`, s.removedAt && `lifted ${s.removedAt.toISOString()}`].filter(Boolean).join(', ');
          console.log(`${s.createdAt.toISOString()}  ${s.identifierKind.padEnd(9)} ${s.identifierHash.slice(0, 12)}  ${scope.padEnd(16)} ${s.reason.padEnd(15)} ${s.source}${extra ? `  (${extra})` : ''}`);
        }
      });
    });

  suppressCommand
    .command('import')
    .description('suppress every identifier of a CSV file (a header with "identifier"; docs/suppression.md); good rows are kept, bad ones named by line')
    .argument('<file>', 'the CSV file')
    .option('--reason <reason>', 'for rows that give none', reasonArg, 'manual' as SuppressionReason)
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { reason: SuppressionReason; json?: boolean }) => {
      const { rows, problems } = readSuppressionFile(file, opts.reason);
      await withDatabase(async (db, config) => {
        await assertMigrated(db);
        const key = await suppressionKey(db);
        const requests = [];
        for (const row of rows) {
          const scope = await resolvedScope(db, row).catch((error: Error) => {
            problems.push({ line: row.line, message: error.message });
            return undefined;
          });
          if (scope) requests.push({ ...row.request, scope, source: `import:${file}` });
        }
        const outcome = await suppress({ db, key }, requests);
        const ended = await endJourneys(db, config, outcome);
        problems.sort((a, b) => a.line - b.line);
        for (const p of problems) console.error(`${file}:${p.line}: ${p.message}`);
        console.log(opts.json ? JSON.stringify({ added: outcome.added.length, rejected: problems.length, journeysEnded: ended }) : `${summary(outcome, ended)}; ${problems.length} line(s) refused`);
        if (problems.length > 0) process.exitCode = 1;
      });
    });

  suppressCommand
    .command('export')
    .description('the list as CSV on stdout (hashes, scopes, reasons, times)')
    .option('--all', 'with the lifted ones')
    .option('--json', 'JSON instead of CSV')
    .action(async (opts: { all?: boolean; json?: boolean }) => {
      await withDatabase(async (db) => {
        await assertMigrated(db);
        const list = await listSuppressions(db, { removed: opts.all === true });
        process.stdout.write(opts.json ? `${JSON.stringify(list, null, 2)}\n` : suppressionsCsv(list));
      });
    });
}

async function resolvedScope(db: Knex, row: SuppressionFileRow): Promise<SuppressionScope> {
  const scope = row.request.scope;
  if (scope.scope === 'sender' && 'sender' in scope) return { scope: 'sender', senderAccountId: await senderId(db, scope.sender, 'sender') };
  return scope as SuppressionScope;
}
