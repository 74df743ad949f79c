import type { Command } from 'commander';
import type { Knex } from 'knex';
import { enrollAudience, type EnrollResult, type EnrollRun } from '../../client/enroll';
import { describeUnreachableLater } from '../../client/later-nodes';
import { audienceSize } from '../../client/members';
import { withDatabase, withDatabaseAndTemporal } from '../context';
import { progress } from '../progress';
import { MAX_CONCURRENCY, MAX_VERSION, positiveInt } from '../options';

function summarise(r: EnrollResult, dryRun: boolean): string {
  const verb = dryRun ? 'would start' : 'started';
  const lines = [
    `sequence "${r.sequence}" version ${r.version}, audience "${r.audience}" (${r.members} members): ` +
      `${r.started} ${verb}, ${r.alreadyEnrolled} already enrolled, ${r.skipped.length} skipped`,
  ];
  const byReason = new Map<string, number>();
  for (const s of r.skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
  for (const [reason, count] of byReason) lines.push(`  skipped ${count}: ${reason}`);
  for (const entry of r.unreachableLater) lines.push(`  ${describeUnreachableLater(entry, r.started, dryRun)}`);
  return lines.join('\n');
}

export function registerEnroll(program: Command): void {
  program
    .command('enroll')
    .description('start one journey per audience member; already-started journeys are skipped and counted')
    .requiredOption('--sequence <name>', 'a published sequence')
    .option('--version <n>', 'the sequence version (default: the latest)', positiveInt('--version', MAX_VERSION))
    .requiredOption('--audience <name>', 'the audience to enroll')
    .option('--concurrency <n>', 'workflow starts in flight at once', positiveInt('--concurrency', MAX_CONCURRENCY), 50)
    .option('--dry-run', 'show what would start, start nothing')
    .option('--json', 'print the result as JSON (skipped members with their reasons, and the later nodes some members cannot be reached on)')
    .action(async (opts: { sequence: string; version?: number; audience: string; concurrency: number; dryRun?: boolean; json?: boolean }) => {
      const enroll = async (db: Knex, run: EnrollRun) => {
        const { dryRun } = run;
        const bar = progress(dryRun ? 'checking' : 'enrolling', await audienceSize(db, opts.audience));
        const result = await enrollAudience(db, {
          sequenceName: opts.sequence,
          ...(opts.version === undefined ? {} : { version: opts.version }),
          audienceName: opts.audience,
          onProgress: (n) => bar.increment(n),
          ...run,
        });
        bar.done(`${result.started} ${dryRun ? 'would start' : 'started'}`);
        console.log(opts.json ? JSON.stringify({ ...result, dryRun }, null, 2) : summarise(result, dryRun));
      };
      if (opts.dryRun) await withDatabase((db) => enroll(db, { dryRun: true }));
      else {
        await withDatabaseAndTemporal((db, client, config) =>
          enroll(db, { dryRun: false, client, taskQueue: config.temporal.taskQueue, concurrency: opts.concurrency }),
        );
      }
    });
}
