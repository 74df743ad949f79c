import { readFile } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config';

async function tlsOption(tls: Config['temporal']['tls']) {
  if (typeof tls === 'boolean') return tls;
  const [crt, key] = await Promise.all([readFile(tls.certPath), readFile(tls.keyPath)]);
  return { clientCertPair: { crt, key } };
}

export async function connectWorker(temporal: Config['temporal']): Promise<NativeConnection> {
  return NativeConnection.connect({
    address: temporal.address,
    tls: await tlsOption(temporal.tls),
    ...(temporal.apiKey === undefined ? {} : { apiKey: temporal.apiKey }),
  });
}

export async function connectClient(temporal: Config['temporal']): Promise<Client> {
  const connection = await Connection.connect({
    address: temporal.address,
    tls: await tlsOption(temporal.tls),
    ...(temporal.apiKey === undefined ? {} : { apiKey: temporal.apiKey }),
  });
  return new Client({ connection, namespace: temporal.namespace });
}
