import { InvalidArgumentError, type Command } from 'commander';
import { assertMigrated } from '../../db/knex';
import { resolveEncoding } from '../../input/decode-stream';
import { checkAudienceName } from '../../identity/audience-name';
import { createAudience } from '../../identity/create';
import { formatCreate, formatImport, formatList, formatProblems, formatShow } from '../../identity/format';
import { count, MAX_BATCH_ROWS } from '../../identity/csv-limits';
import { importAudience } from '../../identity/import';
import { listAudiences, showAudience } from '../../identity/inspect';
import { withDatabase } from '../context';
import { progress, type Progress } from '../progress';

const COLUMNS_HELP = `
Columns (header names are case-insensitive; aliases in docs/audiences.md):
  x_user_id, x_handle (with or without @), email, crypto_address + crypto_chain (default ethereum),
  linkedin_url, first_name, last_name, full_name, tags (separated by ;). Every other column is a template
  variable. Rows sharing an identifier are one person, within the file and with the graph.
Bad rows are reported as FILE:LINE: reason and skipped; exit code 1 only when nothing could be imported.
Encoding: UTF-8 (a byte-order mark is fine) or UTF-16 with a byte-order mark; anything else is refused at
its first bad byte, by line, before anything is written. Other encodings: --encoding windows-1252, latin1,
utf-16le, ... (any name iconv-lite knows). Limits (columns, cell lengths, record size): docs/audiences.md.`;

const FILTER_HELP = `
Filter language (docs/audiences.md):
  has:x  has:email  has:crypto  has:linkedin  tag:NAME  chain:NAME  audience:NAME  all
  combined with and (or a comma), or, not, and parentheses; quote values with spaces: tag:"early access"
Examples:
  --from 'has:x and tag:vip'
  --from 'has:email, not audience:contacted-q3'
  --from '(has:x or has:linkedin) and not tag:customer'`;

interface JsonOption {
  json?: boolean;
}

export function registerAudience(program: Command): void {
  const audience = program
    .command('audience')
    .description('audiences: static snapshots of people from the identity graph, with their template variables');

  audience
    .command('import')
    .description('stream a CSV into the identity graph and snapshot its people as a new audience')
    .argument('<name>', 'the new audience (a name is used once: audiences are snapshots)')
    .argument('<file>', 'a CSV file with a header row')
    .option('--batch-size <n>', `rows per database round (1 to ${count(MAX_BATCH_ROWS)})`, batchSize, 5000)
    .option('--encoding <name>', "the file's encoding when it is not UTF-8: windows-1252, latin1, utf-16le, ...", encodingName)
    .option('--json', 'print the result as JSON (bad rows included)')
    .addHelpText('after', COLUMNS_HELP)
    .action(async (name: string, file: string, opts: JsonOption & { batchSize: number; encoding?: string }) => {
      checkAudienceName(name);
      await withDatabase(async (db) => {
        await assertMigrated(db);
        let bar: Progress | undefined;
        const result = await importAudience(db, {
          audience: name,
          file,
          batchSize: opts.batchSize,
          ...(opts.encoding === undefined ? {} : { encoding: opts.encoding }),
          onStart: (bytes) => (bar = progress(`import ${name}`, bytes)),
          onBytes: (bytes) => bar?.increment(bytes),
        }).catch((error: unknown) => {
          bar?.done('stopped, nothing written');
          throw error;
        });
        bar?.done(`${result.imported.toLocaleString('en-US')} rows imported, ${result.badRows.toLocaleString('en-US')} bad`);
        for (const line of formatProblems(result)) console.error(line);
        console.log(opts.json ? JSON.stringify(result, null, 2) : formatImport(result));
        if (result.audienceId === null) {
          console.error(`outreach: nothing imported from ${file}: no good rows; audience "${name}" not created`);
          process.exitCode = 1;
        }
      });
    });

  audience
    .command('create')
    .description('snapshot the people of the identity graph that a filter selects as a new audience')
    .argument('<name>', 'the new audience')
    .requiredOption('--from <filter>', 'which people, in the filter language below')
    .option('--dry-run', 'count the people the filter selects; create nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', FILTER_HELP)
    .action(async (name: string, opts: JsonOption & { from: string; dryRun?: boolean }) => {
      checkAudienceName(name);
      await withDatabase(async (db) => {
        await assertMigrated(db);
        const result = await createAudience(db, { name, from: opts.from, dryRun: Boolean(opts.dryRun) });
        console.log(opts.json ? JSON.stringify(result, null, 2) : formatCreate(result));
      });
    });

  audience
    .command('list')
    .description('every audience with its member count and where it came from')
    .option('--json', 'print the list as JSON')
    .action(async (opts: JsonOption) => {
      await withDatabase(async (db) => {
        await assertMigrated(db);
        const list = await listAudiences(db);
        console.log(opts.json ? JSON.stringify(list, null, 2) : formatList(list));
      });
    });

  audience
    .command('show')
    .description('one audience: members, how many are reachable on each channel, variables captured')
    .argument('<name>', 'the audience')
    .option('--json', 'print the details as JSON')
    .action(async (name: string, opts: JsonOption) => {
      await withDatabase(async (db) => {
        await assertMigrated(db);
        const details = await showAudience(db, name);
        console.log(opts.json ? JSON.stringify(details, null, 2) : formatShow(details));
      });
    });
}

function batchSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_BATCH_ROWS) {
    throw new InvalidArgumentError(`--batch-size ${value}: expected a whole number from 1 to ${count(MAX_BATCH_ROWS)}`);
  }
  return n;
}

function encodingName(value: string): string {
  try {
    return resolveEncoding(value).name;
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}
