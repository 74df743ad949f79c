import type { Command } from 'commander';
import { controlJourneys, type JourneyCommand } from '../../client/control';
import { withDatabaseAndTemporal } from '../context';

const WHAT: Record<JourneyCommand, string> = {
  pause: 'pause journeys: they hold at their next wait and send nothing until resumed',
  resume: 'resume paused journeys: what fell due acts on the first tick after',
  cancel: 'cancel journeys: they end with status cancelled',
};

export function registerControl(program: Command): void {
  for (const command of ['pause', 'resume', 'cancel'] as const) {
    const cmd = program
      .command(command)
      .description(`${WHAT[command]} (one lead, or every running journey of the sequence)`)
      .requiredOption('--sequence <name>', 'a published sequence')
      .option('--lead <personId>', 'only this person\'s journey')
      .option('--json', 'print the result as JSON');
    if (command !== 'resume') cmd.option('--reason <text>', 'recorded with the journey');
    cmd.action(async (opts: { sequence: string; lead?: string; reason?: string; json?: boolean }) => {
      await withDatabaseAndTemporal(async (db, client) => {
        const result = await controlJourneys(client, db, {
          command,
          sequenceName: opts.sequence,
          ...(opts.lead === undefined ? {} : { personId: opts.lead }),
          ...(opts.reason === undefined ? {} : { reason: opts.reason }),
          concurrency: 50,
        });
        console.log(
          opts.json
            ? JSON.stringify({ command, ...result })
            : `${command}: ${result.signalled} journey${result.signalled === 1 ? '' : 's'} signalled` +
                (result.alreadyEnded ? `, ${result.alreadyEnded} had already ended` : ''),
        );
      });
    });
  }
}
