import { Command } from 'commander';
import { exitOnError } from '../errors/exit';
import { registerAudience } from './commands/audience';
import { registerControl } from './commands/control';
import { registerEnroll } from './commands/enroll';
import { registerIngest } from './commands/ingest';
import { registerMigrate } from './commands/migrate';
import { registerPerson } from './commands/person';
import { registerReport } from './commands/report';
import { registerSender } from './commands/sender';
import { registerSequence } from './commands/sequence';
import { registerStart } from './commands/start';
import { registerStatus } from './commands/status';
import { registerSuppress } from './commands/suppress';

/** `outreach`: the operator's command line. Each command lives in ./commands and registers itself here. */
const program = new Command('outreach')
  .description('Outreach sequences as durable Temporal journeys: audiences, enrollment, status, reports')
  .showHelpAfterError('(run the command with --help for its options)')
  .configureHelp({ sortSubcommands: true });

registerMigrate(program);
registerSequence(program);
registerEnroll(program);
registerStart(program);
registerStatus(program);
registerControl(program);
registerAudience(program);
registerReport(program);
registerSender(program);
registerIngest(program);
registerSuppress(program);
registerPerson(program);

program.parseAsync(process.argv).catch(exitOnError('outreach'));
