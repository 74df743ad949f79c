import { Command } from 'commander';
import { registerMigrate } from './commands/migrate';

/** `outreach`: the operator's command line. Each command lives in ./commands and registers itself here. */
const program = new Command('outreach')
  .description('Outreach sequences as durable Temporal journeys: audiences, enrollment, status, reports')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

registerMigrate(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`outreach: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
