import { loadConfig } from '../config';
import { parsePort } from '../config-values';
import { migrateToLatest } from '../db/knex';
import { openDatabase } from '../db/open';
import { exitOnError } from '../errors/exit';
import { jsonLineLog } from '../ingest/log';
import { ingestSecrets, startIngest, xStreamOptions } from '../ingest/service';
import { startDevServer } from '../temporal/dev-server';
import { parseScriptArgs } from './script-args';

/**
 * `npm run dev:services`: the embedded Postgres (data kept in .data/postgres) and the Temporal dev server
 * with its Web UI (state kept in .data/temporal.sqlite), and the ingest service (`outreach ingest`, on
 * --ingest-port, default INGEST_PORT or 8787), up until Ctrl-C. Other commands on this machine
 * (`npm run worker`, `npm run journeys:start`, ...) find both without any setting.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const values = parseScriptArgs({
    port: { type: 'string', default: '7233' },
    'ui-port': { type: 'string', default: '8233' },
    'ingest-port': { type: 'string', default: String(config.ingest.port) },
  });
  const port = parsePort('--port', String(values.port));
  const uiPort = parsePort('--ui-port', String(values['ui-port']));
  const ingestPort = parsePort('--ingest-port', String(values['ingest-port']));
  if (new Set([port, uiPort, ingestPort]).size < 3) {
    throw new Error(`--port ${port}, --ui-port ${uiPort} and --ingest-port ${ingestPort}: the server, the Web UI and the ingest service need a port each`);
  }
  const secrets = ingestSecrets(config.ingest);
  const xStream = xStreamOptions(config);
  const database = await openDatabase({ databaseUrl: null });
  try {
    await migrateToLatest(database.db);
    const temporal = await startDevServer({
      port,
      uiPort,
      dbFilename: '.data/temporal.sqlite',
    });
    const ingest = await startIngest({
      db: database.db,
      client: temporal.client,
      config: { port: ingestPort, host: config.ingest.host, bounces: config.bounces },
      secrets,
      ...(xStream ? { xStream } : {}),
      log: jsonLineLog(),
    }).catch(async (error: unknown) => {
      await temporal.teardown();
      throw error;
    });
    const routes = [secrets.webhook && 'webhooks', secrets.linkedinGateway && 'LinkedIn gateway', secrets.xConsumer && 'X webhook', xStream && 'X activity stream'].filter(Boolean);
    console.log(`\nPostgres  ${database.url.replace(/:[^:@/]+@/, ':***@')}`);
    console.log(`Temporal  localhost:${port} (namespace default)`);
    console.log(`Web UI    http://localhost:${uiPort}`);
    console.log(`Ingest    http://localhost:${ingestPort} (${routes.length > 0 ? routes.join(', ') : 'no route: set INGEST_WEBHOOK_SECRET and the others, README "Events from providers"'})`);
    console.log('Ctrl-C stops them all.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await ingest.stop();
    await temporal.teardown();
  } finally {
    await database.close();
  }
}

main().catch(exitOnError('dev:services'));
