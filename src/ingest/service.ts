import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Config, IngestConfig } from '../config';
import { buildIngestApp, type IngestSecrets } from './app';
import { startListeners } from './listeners/start';
import type { XStreamOptions } from './listeners/x-activity-stream';
import type { IngestLog } from './log';
import { acceptEvent } from './pipeline';
import { resolveSecret } from '../config-secrets';
import { startSweeper } from './sweeper';
import { startWebhookSources } from './webhook-sources';

/** The secrets of the configured routes, resolved once (a reference that resolves to nothing stops the start). */
export function ingestSecrets(config: IngestConfig, env: NodeJS.ProcessEnv = process.env): IngestSecrets {
  return {
    ...(config.webhookSecret ? { webhook: resolveSecret('INGEST_WEBHOOK_SECRET', config.webhookSecret, env) } : {}),
    ...(config.linkedinGatewaySecret ? { linkedinGateway: resolveSecret('LINKEDIN_GATEWAY_WEBHOOK_SECRET', config.linkedinGatewaySecret, env) } : {}),
    ...(config.xConsumerSecret ? { xConsumer: resolveSecret('X_CONSUMER_SECRET', config.xConsumerSecret, env) } : {}),
  };
}

/** The X activity stream's settings when X_BEARER_TOKEN is set (X_API_ROOT points it at a proxy or a fake). */
export function xStreamOptions(config: Pick<Config, 'ingest' | 'providers'>, env: NodeJS.ProcessEnv = process.env): XStreamOptions | undefined {
  const token = config.ingest.xBearerToken;
  if (!token) return undefined;
  return { bearerToken: resolveSecret('X_BEARER_TOKEN', token, env), ...(config.providers.xApiRoot ? { apiRoot: config.providers.xApiRoot } : {}) };
}

export interface IngestOptions {
  db: Knex;
  /** Temporal: signals to journeys, and /readyz's check. */
  client: Client;
  /** Without `bounces`, DEFAULT_BOUNCE_POLICY. */
  config: Pick<IngestConfig, 'port' | 'host'> & Partial<Pick<Config, 'bounces'>>;
  secrets: IngestSecrets;
  /** The X activity stream for every active X account; without it X events come by webhook only. */
  xStream?: XStreamOptions;
  log: IngestLog;
}

export interface RunningIngest {
  /** Where it listens, as `http://host:port`. */
  address: string;
  /** Stops the listeners and taking requests, lets deliveries under way finish and stops the sweeper. */
  stop(): Promise<void>;
}

/**
 * Serves the routes, runs the sweeper, the listeners (IMAP IDLE, XMTP streams, the X activity stream) of the
 * active sender accounts, and the heartbeat of accounts whose events come by webhook, all into one pipeline
 * (the caller owns the database and the Temporal client).
 */
export async function startIngest(opts: IngestOptions): Promise<RunningIngest> {
  const { db, client, config, secrets, log } = opts;
  const deps = {
    db,
    temporal: client,
    log,
    secrets,
    ...(config.bounces ? { bounces: config.bounces } : {}),
    checkTemporal: () => client.connection.workflowService.getSystemInfo({}),
  };
  const { app } = buildIngestApp(deps);
  const address = await app.listen({ port: config.port, host: config.host });
  const sweeper = startSweeper(deps);
  const listeners = startListeners({ db, deliver: async (event) => void (await acceptEvent(deps, event)), ...(opts.xStream ? { x: opts.xStream } : {}) });
  const webhookSources = startWebhookSources({ db, secrets, log });
  log('INFO', {
    message: 'ingest listening',
    address,
    webhook: !!secrets.webhook,
    linkedinGateway: !!secrets.linkedinGateway,
    x: !!secrets.xConsumer,
    xStream: !!opts.xStream,
  });
  return {
    address,
    async stop() {
      await listeners.stop();
      await app.close();
      await webhookSources.stop();
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
