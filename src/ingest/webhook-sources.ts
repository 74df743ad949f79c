import type { Knex } from 'knex';
import { reportEventSource, SOURCE_STALE_AFTER_MS, type EventSourceKind } from '../db/event-sources';
import { accountName, listSenderAccounts, type SenderAccount } from '../db/senderAccounts';
import { describeError } from '../errors/describe';
import type { Channel } from '../sequences/model';
import type { IngestSecrets } from './app';
import type { IngestLog } from './log';
import { sleep } from './listeners/backoff';

/** The settings that turn on a route receiving the channel's events. */
const ROUTE_SETTINGS: Record<Channel, string> = {
  x: 'X_CONSUMER_SECRET or INGEST_WEBHOOK_SECRET',
  linkedin: 'LINKEDIN_GATEWAY_WEBHOOK_SECRET or INGEST_WEBHOOK_SECRET',
  email: 'INGEST_WEBHOOK_SECRET',
  xmtp: 'INGEST_WEBHOOK_SECRET',
};

/** The route of this service that receives a channel's events, by preference; none when no secret serves it. */
function routeFor(channel: Channel, secrets: IngestSecrets): EventSourceKind | undefined {
  if (channel === 'x' && secrets.xConsumer) return 'x-webhook';
  if (channel === 'linkedin' && secrets.linkedinGateway) return 'webhook';
  return secrets.webhook ? 'webhook' : undefined;
}

export interface WebhookSourcesOptions {
  db: Knex;
  secrets: IngestSecrets;
  log: IngestLog;
  /** How often the accounts are read and re-reported; a quarter of the time after which a source counts as gone. */
  heartbeatMs?: number;
}

export interface RunningWebhookSources {
  /** Reports every account as no longer heard (this process stops receiving) and stops. */
  stop(): Promise<void>;
}

/**
 * Accounts whose events are posted to us (`webhooks: true` in the senders file) are live sources only while
 * a route that receives them is served: this reports each active one as `configured` on a heartbeat, and as
 * disconnected once paused, no longer set, or when this process stops. Another ingest process serving the
 * same routes keeps them live with its own heartbeat; a process that dies stops being counted after
 * SOURCE_STALE_AFTER_MS.
 */
export function startWebhookSources(opts: WebhookSourcesOptions): RunningWebhookSources {
  const { db, secrets, log } = opts;
  const heartbeatMs = opts.heartbeatMs ?? SOURCE_STALE_AFTER_MS / 4;
  const controller = new AbortController();
  const reported = new Map<string, EventSourceKind>();
  const unserved = new Set<string>();

  const disconnect = async (accountId: string, kind: EventSourceKind, why: string) => {
    await reportEventSource(db, { senderAccountId: accountId, kind, state: 'disconnected', lastError: why });
    reported.delete(accountId);
  };

  const round = async () => {
    const accounts = (await listSenderAccounts(db)).filter((a) => a.webhooks === true && a.status === 'active');
    const now = new Map<string, EventSourceKind>();
    for (const account of accounts) {
      const kind = routeFor(account.channel, secrets);
      if (kind) now.set(account.id, kind);
      else warnUnserved(account);
    }
    for (const [accountId, kind] of reported) {
      if (now.get(accountId) !== kind) await disconnect(accountId, kind, 'webhooks no longer set, or the account is not active');
    }
    for (const [accountId, kind] of now) {
      await reportEventSource(db, { senderAccountId: accountId, kind, state: 'configured' });
      reported.set(accountId, kind);
    }
  };

  const warnUnserved = (account: SenderAccount) => {
    if (unserved.has(account.id)) return;
    unserved.add(account.id);
    log('WARN', { message: 'webhooks set but no route receives them: its journeys poll', account: accountName(account), setting: ROUTE_SETTINGS[account.channel] });
  };

  const loop = (async () => {
    while (!controller.signal.aborted) {
      try {
        await round();
      } catch (error) {
        log('WARN', { message: 'webhook sources not recorded; trying again', error: describeError(error).message });
      }
      await sleep(heartbeatMs, controller.signal);
    }
  })();

  return {
    async stop() {
      controller.abort();
      await loop;
      for (const [accountId, kind] of [...reported]) {
        await disconnect(accountId, kind, 'the ingest service stopped').catch(() => undefined);
      }
    },
  };
}
