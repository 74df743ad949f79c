import { parsePort } from '../config-values';
import { migrateToLatest } from '../db/knex';
import { openDatabase } from '../db/open';
import { exitOnError } from '../errors/exit';
import { startDevServer } from '../temporal/dev-server';
import { parseScriptArgs } from './script-args';

/**
 * `npm run dev:services`: the embedded Postgres (data kept in .data/postgres) and the Temporal dev server
 * with its Web UI (state kept in .data/temporal.sqlite), up until Ctrl-C. Other commands on this machine
 * (`npm run worker`, `npm run journeys:start`, ...) find both without any setting.
 */
async function main(): Promise<void> {
  const values = parseScriptArgs({ port: { type: 'string', default: '7233' }, 'ui-port': { type: 'string', default: '8233' } });
  const port = parsePort('--port', String(values.port));
  const uiPort = parsePort('--ui-port', String(values['ui-port']));
  if (port === uiPort) throw new Error(`--port and --ui-port are both ${port}: the server and the Web UI need a port each`);
  const database = await openDatabase({ databaseUrl: null });
  try {
    await migrateToLatest(database.db);
    const temporal = await startDevServer({
      port,
      uiPort,
      dbFilename: '.data/temporal.sqlite',
    });
    console.log(`\nPostgres  ${database.url.replace(/:[^:@/]+@/, ':***@')}`);
    console.log(`Temporal  localhost:${port} (namespace default)`);
    console.log(`Web UI    http://localhost:${uiPort}`);
    console.log('Ctrl-C stops both.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await temporal.teardown();
  } finally {
    await database.close();
  }
}

main().catch(exitOnError('dev:services'));
