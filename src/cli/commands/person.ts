import { InvalidArgumentError, type Command } from 'commander';
import { assertMigrated } from '../../db/knex';
import { erasePerson, type ErasureReport } from '../../erasure/erase';
import type { ErasureTarget } from '../../erasure/person';
import type { Identifier } from '../../identity/identifiers';
import { parseIdentifier } from '../../suppression/identifier';
import { suppressionKey } from '../../suppression/key';
import { withDatabase, withTemporal } from '../context';

function identifierArg(text: string): Identifier {
  try {
    return parseIdentifier(text);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

function targetOf(id: string | undefined, identifier: Identifier | undefined): ErasureTarget {
  if (id !== undefined && identifier !== undefined) throw new Error('give a person ID or --identifier, not both');
  if (identifier !== undefined) return { identifier };
  if (id === undefined) throw new Error('give a person ID or --identifier VALUE');
  if (!/^[1-9][0-9]{0,17}$/.test(id)) throw new Error(`person ID "${id.slice(0, 40)}": expected a number, as outreach status shows (or use --identifier)`);
  return { personId: id };
}

function summary(report: ErasureReport): string {
  if (report.nothingLeft) {
    const who = report.personId === null ? 'this identifier was erased before' : `person ${report.personId}`;
    const when = report.erasedBefore ? ` (erased ${report.erasedBefore.toISOString()})` : '';
    return `${who}: nothing left to erase${when}`;
  }
  const merged = report.mergedPersons.length > 0 ? ` (with merged person${report.mergedPersons.length === 1 ? '' : 's'} ${report.mergedPersons.join(', ')})` : '';
  const width = Math.max(...Object.keys(report.tables).map((t) => t.length));
  const who = report.personId === null ? 'erased what arrived since from an identifier erased before' : `erased person ${report.personId}${merged}`;
  const lines = [`${who}:`];
  for (const [table, rows] of Object.entries(report.tables)) lines.push(`  ${table.padEnd(width)}  ${rows}`);
  lines.push(`suppressions added (reason erased): ${report.suppressionsAdded}`);
  const j = report.journeys;
  lines.push(
    'error' in j
      ? `journeys: not done in Temporal (${j.error}); their rows are erased: run this again to end them and delete their histories`
      : `journeys: ${j.ended} ended, ${j.terminated} terminated; Temporal runs deleted: ${j.runsDeleted}${j.stillShown > 0 ? ` (${j.stillShown} workflow(s) still shown by the server, which deletes in the background)` : ''}`,
  );
  return lines.join('\n');
}

export function registerPerson(program: Command): void {
  const person = program.command('person').description('one person of the identity graph');

  person
    .command('erase')
    .description('erase a person: identifiers, variables, messages, event details, inbound payloads, journeys; keeps only hashed `erased` suppressions (docs/erasure.md)')
    .argument('[id]', 'the person id')
    .option('--identifier <value>', 'the person holding this identifier (email, x:@handle, x_id:123, linkedin:URL, wallet:0x...)', identifierArg)
    .option('--json', 'print the result as JSON')
    .action(async (id: string | undefined, opts: { identifier?: Identifier; json?: boolean }) => {
      const target = targetOf(id, opts.identifier);
      await withDatabase(async (db, config) => {
        await assertMigrated(db);
        const key = await suppressionKey(db);
        const report = await erasePerson({ db, key, withTemporal: (work) => withTemporal(config, work) }, target);
        console.log(opts.json ? JSON.stringify(report) : summary(report));
        if ('error' in report.journeys) process.exitCode = 1;
      });
    });
}
