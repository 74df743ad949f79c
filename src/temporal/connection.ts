import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config';
import { describeError, ExplainedError } from '../errors/describe';
import { readTextFile } from '../input/text-file';
import { probeTcp } from './tcp-probe';

type TemporalConfig = Config['temporal'];

/** Temporal could not be reached, or refused us; the message names the address, the setting and what to do. */
class TemporalConnectError extends ExplainedError {
  override readonly name = 'TemporalConnectError';
}

/** A PEM certificate or key is a few KiB; anything near this is not one. */
const MAX_PEM_BYTES = 1024 * 1024;

const TIMED_OUT = Symbol('timed out');

async function tlsOption(tls: TemporalConfig['tls']) {
  if (typeof tls === 'boolean') return tls;
  const pem = (variable: string, file: string) => {
    try {
      return Buffer.from(readTextFile(file, { what: 'PEM file', maxBytes: MAX_PEM_BYTES }));
    } catch (error) {
      throw new TemporalConnectError(`${variable}: ${describeError(error).message}`, { cause: error });
    }
  };
  return { clientCertPair: { crt: pem('TEMPORAL_TLS_CERT_PATH', tls.certPath), key: pem('TEMPORAL_TLS_KEY_PATH', tls.keyPath) } };
}

/**
 * The client's own retries, minus one: a request over the server's message size limit comes back as
 * RESOURCE_EXHAUSTED, which the default retries for about 45 s although the same request can never fit.
 */
function retryInterceptor() {
  const defaults = defaultGrpcRetryOptions();
  return makeGrpcRetryInterceptor({
    delayFunction: defaults.delayFunction,
    retryableDecider: (attempt, status) =>
      !/larger than max|message too large/i.test(status.details) && defaults.retryableDecider(attempt, status),
  });
}

/** Runs `connect` within the configured timeout; on failure, finds out why and says it in one line. */
async function reaching<T>(temporal: TemporalConfig, connect: () => Promise<T>, close: (made: T) => Promise<void>): Promise<T> {
  const attempt = connect();
  let outcome: T | typeof TIMED_OUT;
  try {
    outcome = await Promise.race([attempt, sleep(temporal.connectTimeoutMs, TIMED_OUT, { ref: false })]);
  } catch (error) {
    throw await connectFailure(temporal, error);
  }
  if (outcome !== TIMED_OUT) return outcome;
  // The native connect has no timeout of its own: close whatever it makes after we gave up on it.
  attempt.then(close, () => {}).catch(() => {});
  throw await connectFailure(temporal, undefined);
}

async function connectFailure(temporal: TemporalConfig, error: unknown): Promise<TemporalConnectError> {
  const where = `Temporal at ${temporal.address} (TEMPORAL_ADDRESS)`;
  const seconds = `${temporal.connectTimeoutMs / 1000} s (TEMPORAL_CONNECT_TIMEOUT)`;
  const probe = await probeTcp(temporal.address, temporal.connectTimeoutMs);
  const options = error === undefined ? {} : { cause: error };
  if (!probe.ok) {
    const reason = probe.reason.startsWith('no answer') ? `no answer within ${seconds}` : probe.reason;
    return new TemporalConnectError(
      `cannot reach ${where}: ${reason}; start a local one with \`npm run dev:services\`, or point TEMPORAL_ADDRESS at your cluster`,
      options,
    );
  }
  const timedOut = error === undefined || /before the deadline|deadline exceeded/i.test(describeError(error).message);
  if (timedOut) {
    return new TemporalConnectError(
      `cannot reach ${where}: the port accepts connections but no Temporal server answered within ${seconds}; ` +
        "check that it is Temporal's gRPC port (7233 by default, not the Web UI's) and that TEMPORAL_TLS matches the server",
      options,
    );
  }
  return new TemporalConnectError(`${where} refused the connection: ${describeError(error).message}`, options);
}

export async function connectWorker(temporal: TemporalConfig): Promise<NativeConnection> {
  const tls = await tlsOption(temporal.tls);
  return reaching(
    temporal,
    () =>
      NativeConnection.connect({
        address: temporal.address,
        tls,
        ...(temporal.apiKey === undefined ? {} : { apiKey: temporal.apiKey }),
      }),
    (connection) => connection.close(),
  );
}

export async function connectClient(temporal: TemporalConfig): Promise<Client> {
  const tls = await tlsOption(temporal.tls);
  const connection = await reaching(
    temporal,
    () =>
      Connection.connect({
        address: temporal.address,
        tls,
        connectTimeout: temporal.connectTimeoutMs,
        interceptors: [retryInterceptor()],
        ...(temporal.apiKey === undefined ? {} : { apiKey: temporal.apiKey }),
      }),
    (made) => made.close(),
  );
  return new Client({ connection, namespace: temporal.namespace });
}
