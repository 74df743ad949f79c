import { parseArgs } from 'node:util';
import { migrateToLatest } from '../db/knex';
import { openDatabase } from '../db/open';
import { startDevServer } from '../temporal/dev-server';

/**
 * `npm run dev:services`: the embedded Postgres (data kept in .data/postgres) and the Temporal dev server
 * with its Web UI (state kept in .data/temporal.sqlite), up until Ctrl-C. Other commands on this machine
 * (`npm run worker`, `npm run journeys:start`, ...) find both without any setting.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '7233' }, 'ui-port': { type: 'string', default: '8233' } },
  });
  const database = await openDatabase({ databaseUrl: null });
  try {
    await migrateToLatest(database.db);
    const temporal = await startDevServer({
      port: Number(values.port),
      uiPort: Number(values['ui-port']),
      dbFilename: '.data/temporal.sqlite',
    });
    console.log(`\nPostgres  ${database.url.replace(/:[^:@/]+@/, ':***@')}`);
    console.log(`Temporal  localhost:${values.port} (namespace default)`);
    console.log(`Web UI    http://localhost:${values['ui-port']}`);
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

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
