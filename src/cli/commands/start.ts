import type { Command } from 'commander';
import { loadLeadsFile } from '../../client/leads-file';
import { planStart, startLeads } from '../../client/start-leads';
import { assertMigrated } from '../../db/knex';
import { withDatabase, withTemporal } from '../context';
import { MAX_VERSION, positiveInt } from '../options';

const PERSON_ID = /^[1-9][0-9]{0,17}$/;

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('start a sequence for some leads: person ids, or people from a leads file (found in the graph or added)')
    .requiredOption('--sequence <name>', 'a published sequence')
    .option('--version <n>', 'the sequence version (default: the latest)', positiveInt('--version', MAX_VERSION))
    .option('--lead <personId>', 'a person to start (repeatable)', collect)
    .option('--leads-file <file>', 'a JSON array of people (README, "Running it for real")')
    .action(async (opts: { sequence: string; version?: number; lead?: string[]; leadsFile?: string }) => {
      if (!opts.lead?.length && !opts.leadsFile) throw new Error('start: give --lead PERSON_ID (repeatable) or --leads-file LEADS.json');
      const badLead = opts.lead?.find((id) => !PERSON_ID.test(id));
      if (badLead !== undefined) throw new Error(`--lead ${badLead.slice(0, 40)}: expected a person id (a whole number)`);
      const leads = opts.leadsFile === undefined ? [] : loadLeadsFile(opts.leadsFile);
      await withDatabase(async (db, config) => {
        await assertMigrated(db);
        const plan = await planStart(db, {
          sequenceName: opts.sequence,
          ...(opts.version === undefined ? {} : { version: opts.version }),
          personIds: opts.lead ?? [],
          leads,
          taskQueue: config.temporal.taskQueue,
          namespace: config.temporal.namespace,
        });
        const result = await withTemporal(config, (client) => startLeads(client, db, plan));
        console.log(
          `sequence "${opts.sequence}" version ${result.version}: ${result.started.length} started, ` +
            `${result.alreadyEnrolled.length} already enrolled` +
            (result.suppressed.length > 0 ? `, ${result.suppressed.length} skipped as suppressed (outreach suppress list)` : ''),
        );
        // Checked before any write; a person deleted since then is all that can land here.
        if (result.unknown.length > 0) {
          console.error(`no such person: ${result.unknown.join(', ')}`);
          process.exitCode = 1;
        }
      });
    });
}
