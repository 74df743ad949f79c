import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { jsonLineLog } from '../../ingest/log';
import { ingestSecrets, runIngest, xStreamOptions } from '../../ingest/service';
import { withDatabaseAndTemporal } from '../context';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('receive provider events (signed webhooks, the LinkedIn gateway, X, IMAP IDLE, XMTP) and deliver them to journeys, until SIGTERM')
    .action(async () => {
      // Secrets first: a reference that resolves to nothing stops the command before any connection.
      const config = loadConfig();
      const secrets = ingestSecrets(config.ingest);
      const xStream = xStreamOptions(config);
      await withDatabaseAndTemporal(async (db, client) => {
        await runIngest({ db, client, config: { ...config.ingest, bounces: config.bounces }, secrets, ...(xStream ? { xStream } : {}), log: jsonLineLog() });
      });
    });
}
