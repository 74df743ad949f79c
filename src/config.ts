import ms from 'ms';
import {
  ConfigError,
  parseChoice,
  parseCount,
  parseDuration,
  parseHostPort,
  parseHttpUrl,
  parsePort,
  parsePostgresUrl,
  parseSecretSetting,
  settingText,
  type SecretSetting,
} from './config-values';
import { readBouncePolicy, type BouncePolicy } from './senders/bounce-policy';

const SECOND_MS = 1000;
const DAY_MS = 86_400_000;
/** Names and ids Temporal takes: its default limit for ids (`limit.maxIDLength`). */
const MAX_TEMPORAL_NAME_CHARS = 1000;
/** Each activity may hold a Postgres connection, and Postgres' default max_connections is 100. */
const MAX_CONCURRENT_ACTIVITIES = 200;
const MAX_CONCURRENT_WORKFLOW_TASKS = 1000;
/** How long opening a connection to Postgres or Temporal may take before we say why it failed. */
export const CONNECT_TIMEOUT = { defaultMs: 10 * SECOND_MS, minMs: SECOND_MS, maxMs: 5 * 60 * SECOND_MS };

/**
 * The tick journeys act on: a whole number of seconds that divides a day exactly, so tick times fall at
 * the same UTC moments every day (6h: 00, 06, 12, 18). `setting` names where the text came from, as the
 * user wrote it: `JOURNEY_TICK`, or an option such as `--tick`.
 */
export function parseTick(text: string, setting = 'JOURNEY_TICK'): number {
  const at = settingText(setting, text);
  const value = /[a-z]/i.test(text) ? ms(text as ms.StringValue) : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigError(`${at}: expected a duration with a unit, such as 1s, 30s, 5m or 6h`);
  }
  if (value < SECOND_MS) throw new ConfigError(`${at}: a tick must be at least 1s`);
  if (value > DAY_MS) throw new ConfigError(`${at}: a tick must be at most 24h`);
  if (value % SECOND_MS !== 0) throw new ConfigError(`${at}: a tick must be a whole number of seconds`);
  if (DAY_MS % value !== 0) {
    throw new ConfigError(`${at}: a tick must divide 24h exactly, so every day has the same tick times (such as 1s, 30s, 5m, 1h, 6h)`);
  }
  return value;
}

export interface Config {
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    apiKey?: string;
    tls: boolean | { certPath: string; keyPath: string };
    connectTimeoutMs: number;
  };
  tickMs: number;
  worker: { maxConcurrentActivities: number; maxConcurrentWorkflowTasks: number };
  databaseUrl?: string;
  databaseConnectTimeoutMs: number;
  providers: { sandbox: boolean; xApiRoot?: string; linkedinGatewayUrl?: string };
  ingest: IngestConfig;
  /** When bounces suppress an address and pause its sender account (docs/bounces.md). */
  bounces: BouncePolicy;
}

/** `outreach ingest`: where it listens and the secret of each kind of sender; a route without its secret is off. */
export interface IngestConfig {
  port: number;
  host: string;
  webhookSecret?: SecretSetting;
  linkedinGatewaySecret?: SecretSetting;
  xConsumerSecret?: SecretSetting;
  /** The X app's bearer token: the activity stream, which needs no public URL. */
  xBearerToken?: SecretSetting;
}

/** A Standard Webhooks secret: `whsec_` and the base64 of 24 to 64 random bytes. */
const WEBHOOK_SECRET = { form: /^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/, described: 'whsec_ followed by base64 (24 to 64 bytes)' };
/** X's API secret key (consumer secret): 50 letters and digits today; anything printable up to 200 is taken. */
const X_CONSUMER_SECRET = { form: /^[\x21-\x7e]{10,200}$/, described: '10 to 200 printable characters' };
/** X's app-only bearer token: about 110 characters today; anything printable from 20 to 2,000 is taken. */
const X_BEARER_TOKEN = { form: /^[\x21-\x7e]{20,2000}$/, described: '20 to 2000 printable characters' };

/**
 * Reads and validates the environment once. Every problem is found, one line each, naming the variable
 * and the value as written (never a secret's); a variable set to the empty string is a problem too.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const read = <T>(name: string, fallback: T, parse: (text: string) => T): T => {
    const text = env[name];
    if (text === undefined) return fallback;
    if (text.trim() === '') {
      problems.push(`${name} is set but empty: unset it${fallback === undefined ? '' : ' for the default'} or give a value`);
      return fallback;
    }
    try {
      return parse(text);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(error.message);
      return fallback;
    }
  };
  const name = (variable: string) => (text: string) => {
    if (text.length > MAX_TEMPORAL_NAME_CHARS) {
      throw new ConfigError(`${variable}: ${text.length} characters, over Temporal's limit of ${MAX_TEMPORAL_NAME_CHARS}`);
    }
    return text;
  };
  const timeout = (variable: string) => (text: string) => parseDuration(variable, text, CONNECT_TIMEOUT);
  const flag = (variable: string) => (text: string) => parseChoice(variable, text, ['true', 'false']) === 'true';

  const config = {
    temporal: {
      address: read('TEMPORAL_ADDRESS', 'localhost:7233', (t) => parseHostPort('TEMPORAL_ADDRESS', t)),
      namespace: read('TEMPORAL_NAMESPACE', 'default', name('TEMPORAL_NAMESPACE')),
      taskQueue: read('TEMPORAL_TASK_QUEUE', 'outreach-journeys', name('TEMPORAL_TASK_QUEUE')),
      connectTimeoutMs: read('TEMPORAL_CONNECT_TIMEOUT', CONNECT_TIMEOUT.defaultMs, timeout('TEMPORAL_CONNECT_TIMEOUT')),
    },
    tickMs: read('JOURNEY_TICK', 6 * 3_600_000, (t) => parseTick(t)),
    worker: {
      maxConcurrentActivities: read('WORKER_MAX_CONCURRENT_ACTIVITIES', 20, (t) =>
        parseCount('WORKER_MAX_CONCURRENT_ACTIVITIES', t, { min: 1, max: MAX_CONCURRENT_ACTIVITIES, why: 'each may hold a Postgres connection' }),
      ),
      maxConcurrentWorkflowTasks: read('WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', 20, (t) =>
        parseCount('WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', t, { min: 1, max: MAX_CONCURRENT_WORKFLOW_TASKS }),
      ),
    },
    databaseConnectTimeoutMs: read('DATABASE_CONNECT_TIMEOUT', CONNECT_TIMEOUT.defaultMs, timeout('DATABASE_CONNECT_TIMEOUT')),
  };
  const apiKey = read<string | undefined>('TEMPORAL_API_KEY', undefined, (t) => t);
  const tls = read('TEMPORAL_TLS', false, flag('TEMPORAL_TLS'));
  const certPath = read<string | undefined>('TEMPORAL_TLS_CERT_PATH', undefined, (t) => t);
  const keyPath = read<string | undefined>('TEMPORAL_TLS_KEY_PATH', undefined, (t) => t);
  if ((certPath === undefined) !== (keyPath === undefined)) problems.push('TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together');
  const databaseUrl = read<string | undefined>('DATABASE_URL', undefined, (t) => parsePostgresUrl('DATABASE_URL', t));
  const sandbox = read('OUTREACH_SANDBOX', false, flag('OUTREACH_SANDBOX'));
  const xApiRoot = read<string | undefined>('X_API_ROOT', undefined, (t) => parseHttpUrl('X_API_ROOT', t));
  const linkedinGatewayUrl = read<string | undefined>('LINKEDIN_GATEWAY_URL', undefined, (t) => parseHttpUrl('LINKEDIN_GATEWAY_URL', t));
  const ingestPort = read('INGEST_PORT', 8787, (t) => parsePort('INGEST_PORT', t));
  const ingestHost = read('INGEST_HOST', '0.0.0.0', (t) => parseHost('INGEST_HOST', t));
  const secret = (variable: string, form: { form: RegExp; described: string }) =>
    read<SecretSetting | undefined>(variable, undefined, (t) => parseSecretSetting(variable, t, form));
  const webhookSecret = secret('INGEST_WEBHOOK_SECRET', WEBHOOK_SECRET);
  const linkedinGatewaySecret = secret('LINKEDIN_GATEWAY_WEBHOOK_SECRET', WEBHOOK_SECRET);
  const xConsumerSecret = secret('X_CONSUMER_SECRET', X_CONSUMER_SECRET);
  const xBearerToken = secret('X_BEARER_TOKEN', X_BEARER_TOKEN);
  const bounces = readBouncePolicy(read);
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));

  return {
    ...config,
    temporal: {
      ...config.temporal,
      ...(apiKey === undefined ? {} : { apiKey }),
      tls: certPath && keyPath ? { certPath, keyPath } : tls || apiKey !== undefined,
    },
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    providers: {
      sandbox,
      ...(xApiRoot === undefined ? {} : { xApiRoot }),
      ...(linkedinGatewayUrl === undefined ? {} : { linkedinGatewayUrl }),
    },
    ingest: {
      port: ingestPort,
      host: ingestHost,
      ...(webhookSecret === undefined ? {} : { webhookSecret }),
      ...(linkedinGatewaySecret === undefined ? {} : { linkedinGatewaySecret }),
      ...(xConsumerSecret === undefined ? {} : { xConsumerSecret }),
      ...(xBearerToken === undefined ? {} : { xBearerToken }),
    },
    bounces,
  };
}

/** A host name or address to listen on: 0.0.0.0, ::, localhost, 127.0.0.1, a name. */
function parseHost(name: string, text: string): string {
  if (!/^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|[0-9A-Fa-f:.]{2,45})$/.test(text)) {
    throw new ConfigError(`${settingText(name, text)}: expected a host name or an IP address to listen on, such as 0.0.0.0 or 127.0.0.1`);
  }
  return text;
}
