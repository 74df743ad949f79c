import type { Knex } from 'knex';
import { reportEventSource, SOURCE_STALE_AFTER_MS, type EventSourceReport } from '../../db/event-sources';
import { describeError } from '../../errors/describe';
import { backoffDelay, sleep, type Backoff } from './backoff';
import type { Listener } from './listener';
import type { ListenerLog } from './log';

export interface SuperviseOptions {
  db: Knex;
  log: ListenerLog;
  backoff: Backoff;
  /** How often a connected listener re-reports itself; a quarter of the time after which it counts as gone. */
  heartbeatMs?: number;
}

export interface Supervised {
  listener: Listener;
  /** Closes the connection and resolves once it is closed and its state is recorded. */
  stop(): Promise<void>;
}

/** Longest error text kept in event_sources and logs: providers' texts can be long. */
const MAX_ERROR_CHARS = 300;

/**
 * Runs a listener's sessions one after another until stopped: reports `connected` with a heartbeat while one
 * is up, `disconnected` with the reason when it ends, and waits with backoff (reset by a connection that
 * comes up) before the next. A failure never escapes: the listener is retried for as long as it runs.
 */
export function supervise(listener: Listener, opts: SuperviseOptions): Supervised {
  const controller = new AbortController();
  const { signal } = controller;
  const heartbeatMs = opts.heartbeatMs ?? SOURCE_STALE_AFTER_MS / 4;
  const fields = { listener: listener.kind, source: listener.name };
  let reports: Promise<void> = Promise.resolve();

  // One write at a time, in order: a late heartbeat must not overwrite the disconnect that followed it.
  const report = (state: EventSourceReport['state'], extra: { lastError?: string; lastEventAt?: Date; senderAccountId?: string } = {}) => {
    const targets = extra.senderAccountId === undefined ? listener.accounts.map((a) => a.id) : [extra.senderAccountId];
    reports = reports.then(async () => {
      for (const senderAccountId of targets) {
        try {
          await reportEventSource(opts.db, {
            senderAccountId,
            kind: listener.kind,
            state,
            ...(extra.lastError === undefined ? {} : { lastError: extra.lastError }),
            ...(extra.lastEventAt === undefined ? {} : { lastEventAt: extra.lastEventAt }),
          });
        } catch (error) {
          opts.log({ level: 'warn', message: 'listener state not recorded', ...fields, error: errorText(error) });
        }
      }
    });
  };

  const run = async () => {
    let attempt = 0;
    while (!signal.aborted) {
      let heartbeat: NodeJS.Timeout | undefined;
      let error: unknown;
      try {
        await listener.session({
          signal,
          log: opts.log,
          connected: () => {
            attempt = 0;
            report('connected');
            opts.log({ level: 'info', message: 'listener connected', ...fields });
            heartbeat = setInterval(() => report('connected'), heartbeatMs);
          },
          delivered: (senderAccountId, at) => report('connected', { senderAccountId, lastEventAt: at }),
        });
      } catch (thrown) {
        error = thrown;
      } finally {
        clearInterval(heartbeat);
      }
      if (signal.aborted) break;
      attempt += 1;
      const reason = error === undefined ? 'the connection closed' : errorText(error);
      const retryInMs = backoffDelay(attempt, opts.backoff);
      report('disconnected', { lastError: reason });
      opts.log({ level: 'warn', message: 'listener disconnected; reconnecting', ...fields, error: reason, attempt, retryInMs });
      await sleep(retryInMs, signal);
    }
    report('disconnected', { lastError: 'listener stopped' });
    opts.log({ level: 'info', message: 'listener stopped', ...fields });
    await reports;
  };

  const done = run().catch((error: unknown) => {
    opts.log({ level: 'error', message: 'listener supervisor failed', ...fields, error: errorText(error) });
  });
  return {
    listener,
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}

function errorText(error: unknown): string {
  const text = describeError(error).message.replace(/\s+/g, ' ');
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text;
}
