import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { credentialSource, type CredentialSource } from '../../channels/credentials';
import { EMAIL_PROVIDER } from '../../channels/email/adapter';
import { SenderAccountError } from '../../channels/errors';
import { X_PROVIDER } from '../../channels/x/adapter';
import { XMTP_PROVIDER } from '../../channels/xmtp/adapter';
import { xmtpSettings } from '../../channels/xmtp/account';
import { accountName, listSenderAccounts, type SenderAccount } from '../../db/senderAccounts';
import { DEFAULT_BACKOFF, sleep, type Backoff } from './backoff';
import { imapIdleListener, listensOverImap, type ImapLimits } from './imap-idle';
import type { Deliver, Listener } from './listener';
import { jsonLineLog, type ListenerLog } from './log';
import { supervise, type Supervised } from './supervise';
import { xActivityStreamListener, type XStreamOptions } from './x-activity-stream';
import type { XmtpListenConnect } from './xmtp-sdk';
import { xmtpStreamListener } from './xmtp-stream';

export interface StartListenersOptions {
  db: Knex;
  /** Hands each event to the ingest pipeline. */
  deliver: Deliver;
  log?: ListenerLog;
  credentials?: CredentialSource;
  backoff?: Backoff;
  /** How often the accounts are read again, to follow pauses, resumes, new accounts and changed settings. */
  refreshMs?: number;
  imapLimits?: Partial<ImapLimits>;
  /** Opens XMTP clients for listening; the real SDK unless a test puts its fake here. */
  xmtpConnect?: XmtpListenConnect;
  /** The X activity stream: one stream for the app, serving every active X account. Without it, X has no listener. */
  x?: XStreamOptions;
}

export interface RunningListeners {
  /** Reads the accounts now: starts listeners for new or resumed accounts, stops those of paused or removed ones. */
  refresh(): Promise<void>;
  /** Stops every listener, awaiting each connection's close. */
  stop(): Promise<void>;
}

const DEFAULT_REFRESH_MS = 30_000;

/**
 * One supervised listener per active account that has the settings for one: IMAP IDLE for email accounts
 * with settings.imap, XMTP's message stream for XMTP accounts, and one X activity stream (when `x` is
 * given) for all X accounts. Accounts are re-read every `refreshMs`: a paused account's listener stops, a
 * resumed one's starts, a changed account's restarts.
 */
export function startListeners(opts: StartListenersOptions): RunningListeners {
  const log = opts.log ?? jsonLineLog;
  const credentials = opts.credentials ?? credentialSource();
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const running = new Map<string, Supervised>();
  /** Accounts whose settings were refused, logged once per version of the account. */
  const refused = new Set<string>();
  const controller = new AbortController();
  let refreshing: Promise<void> = Promise.resolve();

  const wanted = (accounts: SenderAccount[]): Map<string, Listener> => {
    const listeners = new Map<string, Listener>();
    const active = accounts.filter((a) => a.status === 'active');
    for (const account of active) {
      const listener = listenerFor(account);
      if (listener) listeners.set(`${listener.kind}:${account.id}:${fingerprint(account)}`, listener);
    }
    const xAccounts = active.filter((a) => a.channel === 'x' && a.provider === X_PROVIDER);
    if (opts.x && xAccounts.length > 0) {
      listeners.set(`x-activity-stream:${fingerprint(...xAccounts)}`, xActivityStreamListener(xAccounts, { ...opts.x, deliver: opts.deliver }));
    }
    return listeners;
  };

  const listenerFor = (account: SenderAccount): Listener | undefined => {
    try {
      if (account.channel === 'email' && account.provider === EMAIL_PROVIDER && listensOverImap(account)) {
        return imapIdleListener(account, { db: opts.db, deliver: opts.deliver, credentials, ...(opts.imapLimits ? { limits: opts.imapLimits } : {}) });
      }
      if (account.channel === 'xmtp' && account.provider === XMTP_PROVIDER && xmtpSettings(account)) {
        return xmtpStreamListener(account, { db: opts.db, deliver: opts.deliver, credentials, ...(opts.xmtpConnect ? { connect: opts.xmtpConnect } : {}) });
      }
    } catch (error) {
      if (!(error instanceof SenderAccountError)) throw error;
      const key = `${account.id}:${fingerprint(account)}`;
      if (!refused.has(key)) {
        refused.add(key);
        log({ level: 'warn', message: 'no listener: the account\'s settings are refused', source: accountName(account), error: error.message });
      }
    }
    return undefined;
  };

  const reconcile = async () => {
    let accounts: SenderAccount[];
    try {
      accounts = await listSenderAccounts(opts.db);
    } catch (error) {
      log({ level: 'warn', message: 'sender accounts not read; listeners left as they are', error: error instanceof Error ? error.message : String(error) });
      return;
    }
    if (controller.signal.aborted) return;
    const next = wanted(accounts);
    const gone = [...running].filter(([key]) => !next.has(key));
    await Promise.all(gone.map(([key, supervised]) => supervised.stop().then(() => running.delete(key))));
    for (const [key, listener] of next) {
      if (!running.has(key)) running.set(key, supervise(listener, { db: opts.db, log, backoff }));
    }
  };

  const refresh = () => (refreshing = refreshing.then(reconcile));

  void (async () => {
    while (!controller.signal.aborted) {
      await refresh();
      await sleep(opts.refreshMs ?? DEFAULT_REFRESH_MS, controller.signal);
    }
  })();

  return {
    refresh,
    stop: async () => {
      controller.abort();
      await refreshing;
      await Promise.all([...running.values()].map((s) => s.stop()));
      running.clear();
    },
  };
}

/** What makes a listener's connection: a change to any of it (settings, credential names) opens a new one. */
function fingerprint(...accounts: SenderAccount[]): string {
  const parts = accounts.map((a) => [a.id, a.provider, a.handle, a.settings, a.credentialsRef]);
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}
