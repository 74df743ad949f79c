import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { credentialSource, type CredentialSource } from '../channels/credentials';
import { senderAccountNamed } from '../db/event-accounts';
import { describeError } from '../errors/describe';
import type { Channel } from '../sequences/model';
import { InFlight } from './in-flight';
import { deliverOrLeave, storeEvent, type PipelineDeps } from './pipeline';
import type { ProviderEvent } from './provider-event';
import { readiness } from './readiness';
import { unsubscribeRoutes } from './unsubscribe-routes';
import { genericWebhookEvent, linkedinGatewayEvent, type SignedBody } from './webhook-events';
import { GENERIC_WEBHOOK_BODY, LINKEDIN_GATEWAY_BODY, X_WEBHOOK_BODY } from './webhook-schema';
import { crcResponse, validXSignature, xDeliveryEvent, type XDelivery } from './x-webhook';

/** The largest request body taken (413 beyond): a provider event is a few KiB; X's DM deliveries, with users, 10 or so. */
export const MAX_BODY_BYTES = 256 * 1024;
/** The longest `crc_token` answered: X's are 48 characters. */
const MAX_CRC_TOKEN_CHARS = 256;

export interface IngestSecrets {
  /** INGEST_WEBHOOK_SECRET: the generic Standard Webhooks endpoint is on with it. */
  webhook?: string;
  /** LINKEDIN_GATEWAY_WEBHOOK_SECRET: the gateway's events. */
  linkedinGateway?: string;
  /** X_CONSUMER_SECRET: the X Activity API webhook. */
  xConsumer?: string;
}

export interface IngestDeps extends PipelineDeps {
  secrets: IngestSecrets;
  /** Resolves when Temporal answers (for /readyz). */
  checkTemporal: () => Promise<unknown>;
  /** Resolves email accounts' `unsubscribeSecret`, for tokens of the first format; the process environment's when absent. */
  credentials?: CredentialSource;
}

export interface IngestApp {
  app: FastifyInstance;
  /** Deliveries still running after their answer; `app.close()` waits for them too. */
  inFlight: InFlight;
}

class Rejection extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** The raw body, as the signature covers it. */
function rawBody(request: FastifyRequest): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new Rejection(400, 'body: not valid JSON');
  }
}

/** Standard Webhooks verification (signature and a 5-minute timestamp window), then JSON for the schema to check. */
function standardWebhook(secret: string) {
  const webhook = new Webhook(secret);
  return async (request: FastifyRequest) => {
    const raw = rawBody(request);
    const headers = {
      'webhook-id': String(request.headers['webhook-id'] ?? ''),
      'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
      'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
    };
    try {
      webhook.verify(raw, headers, { jsonParse: false });
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      const replayed = /timestamp too (?:old|new)/.test(error.message);
      throw new Rejection(401, replayed ? 'webhook-timestamp: outside the 5-minute window' : `webhook-signature: ${error.message}`);
    }
    if (headers['webhook-id'].length > 200) throw new Rejection(400, 'webhook-id: longer than 200 characters');
    request.body = parseJson(raw);
  };
}

function xSigned(secret: string) {
  return async (request: FastifyRequest) => {
    const raw = rawBody(request);
    const header = request.headers['x-twitter-webhooks-signature'];
    if (!validXSignature(secret, raw, typeof header === 'string' ? header : undefined)) {
      throw new Rejection(401, 'x-twitter-webhooks-signature: does not match the body');
    }
    request.body = parseJson(raw);
  };
}

/**
 * The ingest service's HTTP side: health, readiness, and one route per kind of signed sender (a route
 * whose secret is not configured is not served). Every event is stored before it is answered, then
 * delivered in the background; see src/ingest/pipeline.ts.
 */
export function buildIngestApp(deps: IngestDeps): IngestApp {
  const app = Fastify({ bodyLimit: MAX_BODY_BYTES, logger: false, ajv: { customOptions: { coerceTypes: false } } });
  const inFlight = new InFlight();

  // Kept as bytes: signatures are over the body exactly as sent; each route parses it once verified.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  // Refusals (ours, Fastify's 400, 413, 415) are answered with their reason; anything else is a failure to store.
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status < 500) {
      deps.log('INFO', { message: 'request refused', route: request.routeOptions.url ?? null, status, reason: error.message.slice(0, 300) });
      return reply.code(status).send({ error: error.message });
    }
    deps.log('ERROR', { message: 'request failed', route: request.routeOptions.url ?? null, error: describeError(error).message });
    return reply.code(503).send({ error: 'the event could not be stored; send it again' });
  });
  app.addHook('onClose', () => inFlight.settled());

  async function accept(reply: FastifyReply, event: ProviderEvent | null) {
    if (event === null) return reply.code(200).send({ received: true, stored: false });
    const stored = await storeEvent(deps, event);
    reply.code(200).send({ received: true, stored: stored !== undefined });
    // After the answer: the sender waits for the store only; should this process die now, the sweeper delivers.
    if (stored) inFlight.track(deliverOrLeave(deps, stored));
    return reply;
  }

  async function accountOf(channel: Channel, name: string | undefined) {
    return name === undefined ? undefined : senderAccountNamed(deps.db, channel, name);
  }

  // Served whenever ingest runs: every email carries the link. Its form parsers stay inside its own scope.
  void app.register(unsubscribeRoutes({ db: deps.db, temporal: deps.temporal, log: deps.log, credentials: deps.credentials ?? credentialSource() }));

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const state = await readiness(deps.db, deps.checkTemporal);
    const routes = { webhook: !!deps.secrets.webhook, linkedinGateway: !!deps.secrets.linkedinGateway, x: !!deps.secrets.xConsumer };
    return reply.code(state.ready ? 200 : 503).send({ ...state, routes });
  });

  if (deps.secrets.webhook) {
    app.post('/webhooks/events', { schema: { body: GENERIC_WEBHOOK_BODY }, preValidation: standardWebhook(deps.secrets.webhook) }, async (request, reply) => {
      const body = request.body as SignedBody;
      const channel = body.type.slice(0, body.type.indexOf('.')) as Channel;
      const account = await accountOf(channel, body.data.account);
      return accept(reply, genericWebhookEvent(String(request.headers['webhook-id']), body, account));
    });
  }

  if (deps.secrets.linkedinGateway) {
    app.post('/linkedin/events', { schema: { body: LINKEDIN_GATEWAY_BODY }, preValidation: standardWebhook(deps.secrets.linkedinGateway) }, async (request, reply) => {
      const body = request.body as SignedBody;
      const account = await accountOf('linkedin', body.data.account);
      return accept(reply, linkedinGatewayEvent(String(request.headers['webhook-id']), body, account));
    });
  }

  const xSecret = deps.secrets.xConsumer;
  if (xSecret) {
    app.get('/x/webhook', async (request) => {
      const token = (request.query as Record<string, unknown>).crc_token;
      if (typeof token !== 'string' || token === '') throw new Rejection(400, 'crc_token: missing');
      if (token.length > MAX_CRC_TOKEN_CHARS) throw new Rejection(400, `crc_token: longer than ${MAX_CRC_TOKEN_CHARS} characters`);
      return crcResponse(xSecret, token);
    });
    app.post('/x/webhook', { schema: { body: X_WEBHOOK_BODY }, preValidation: xSigned(xSecret) }, async (request, reply) => {
      const body = request.body as XDelivery;
      const account = await accountOf('x', body.data.filter?.user_id);
      return accept(reply, xDeliveryEvent(body, account, deps.clock?.() ?? new Date()));
    });
  }

  return { app, inFlight };
}
