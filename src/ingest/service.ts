import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { IngestConfig } from '../config';
import { buildIngestApp, type IngestSecrets } from './app';
import { startListeners } from './listeners/start';
import type { IngestLog } from './log';
import { acceptEvent } from './pipeline';
import { resolveSecret } from './secrets';
import { startSweeper } from './sweeper';

/** The secrets of the configured routes, resolved once (a reference that resolves to nothing stops the start). */
export function ingestSecrets(config: IngestConfig, env: NodeJS.ProcessEnv = process.env): IngestSecrets {
  return {
    ...(config.webhookSecret ? { webhook: resolveSecret('INGEST_WEBHOOK_SECRET', config.webhookSecret, env) } : {}),
    ...(config.linkedinGatewaySecret ? { linkedinGateway: resolveSecret('LINKEDIN_GATEWAY_WEBHOOK_SECRET', config.linkedinGatewaySecret, env) } : {}),
    ...(config.xConsumerSecret ? { xConsumer: resolveSecret('X_CONSUMER_SECRET', config.xConsumerSecret, env) } : {}),
  };
}

export interface IngestOptions {
  db: Knex;
  /** Temporal: signals to journeys, and /readyz's check. */
  client: Client;
  config: Pick<IngestConfig, 'port' | 'host'>;
  secrets: IngestSecrets;
  log: IngestLog;
}

export interface RunningIngest {
  /** Where it listens, as `http://host:port`. */
  address: string;
  /** Stops the listeners and taking requests, lets deliveries under way finish and stops the sweeper. */
  stop(): Promise<void>;
}

/**
 * Serves the routes, runs the sweeper and the listeners (IMAP IDLE, XMTP streams) of the active sender
 * accounts, all into one pipeline (the caller owns the database and the Temporal client).
 */
export async function startIngest(opts: IngestOptions): Promise<RunningIngest> {
  const { db, client, config, secrets, log } = opts;
  const deps = { db, temporal: client, log, secrets, checkTemporal: () => client.connection.workflowService.getSystemInfo({}) };
  const { app } = buildIngestApp(deps);
  const address = await app.listen({ port: config.port, host: config.host });
  const sweeper = startSweeper(deps);
  const listeners = startListeners({ db, deliver: async (event) => void (await acceptEvent(deps, event)) });
  log('INFO', { message: 'ingest listening', address, webhook: !!secrets.webhook, linkedinGateway: !!secrets.linkedinGateway, x: !!secrets.xConsumer });
  return {
    address,
    async stop() {
      await listeners.stop();
      await app.close();
      await sweeper.stop();
      log('INFO', { message: 'ingest stopped' });
    },
  };
}

/** `outreach ingest`: startIngest until SIGTERM or SIGINT, then a clean stop (the caller closes the database). */
export async function runIngest(opts: IngestOptions): Promise<void> {
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  const running = await startIngest(opts);
  const signal = await stopSignal;
  opts.log('INFO', { message: 'ingest stopping', signal });
  await running.stop();
}
