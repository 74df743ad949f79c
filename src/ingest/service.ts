import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { IngestConfig } from '../config';
import { buildIngestApp, type IngestSecrets } from './app';
import type { IngestLog } from './log';
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

/**
 * `outreach ingest`: serves the routes and runs the sweeper until SIGTERM or SIGINT, then stops taking
 * requests, lets deliveries under way finish, stops the sweeper and returns (the caller closes the database).
 */
export async function runIngest(opts: { db: Knex; client: Client; config: IngestConfig; secrets: IngestSecrets; log: IngestLog }): Promise<void> {
  const { db, client, config, secrets, log } = opts;
  const deps = { db, temporal: client, log, secrets, checkTemporal: () => client.connection.workflowService.getSystemInfo({}) };
  const { app } = buildIngestApp(deps);
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  const address = await app.listen({ port: config.port, host: config.host });
  const sweeper = startSweeper(deps);
  log('INFO', {
    message: 'ingest listening',
    address,
    webhook: !!secrets.webhook,
    linkedinGateway: !!secrets.linkedinGateway,
    x: !!secrets.xConsumer,
  });
  const signal = await stopSignal;
  log('INFO', { message: 'ingest stopping', signal });
  await app.close();
  await sweeper.stop();
  log('INFO', { message: 'ingest stopped' });
}
