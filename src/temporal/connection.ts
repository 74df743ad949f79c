import { readFile } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config';

async function tlsOption(tls: Config['temporal']['tls']) {
  if (typeof tls === 'boolean') return tls;
  const [crt, key] = await Promise.all([readFile(tls.certPath), readFile(tls.keyPath)]);
  return { clientCertPair: { crt, key } };
}

async function reaching<T>(temporal: Config['temporal'], connect: () => Promise<T>): Promise<T> {
  try {
    return await connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `cannot reach Temporal at ${temporal.address} (TEMPORAL_ADDRESS): ${reason}\n` +
        'start a local one with `npm run dev:services`, or point TEMPORAL_ADDRESS at your cluster',
      { cause: error },
    );
  }
}

export async function connectWorker(temporal: Config['temporal']): Promise<NativeConnection> {
  const tls = await tlsOption(temporal.tls);
  return reaching(temporal, () =>
    NativeConnection.connect({
      address: temporal.address,
      tls,
      ...(temporal.apiKey === undefined ? {} : { apiKey: temporal.apiKey }),
    }),
  );
}

export async function connectClient(temporal: Config['temporal']): Promise<Client> {
  const tls = await tlsOption(temporal.tls);
  const connection = await reaching(temporal, () =>
    Connection.connect({
      address: temporal.address,
      tls,
      ...(temporal.apiKey === undefined ? {} : { apiKey: temporal.apiKey }),
    }),
  );
  return new Client({ connection, namespace: temporal.namespace });
}
