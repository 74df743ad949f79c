import { ImapFlow, type FetchMessageObject } from 'imapflow';
import type { Knex } from 'knex';
import type { CredentialSource } from '../../channels/credentials';
import { SenderAccountError } from '../../channels/errors';
import { domainOf, emailSettings, loginFor, type ImapSettings } from '../../channels/email/settings';
import { readWatermark, saveWatermark } from '../../db/listener-watermarks';
import { accountName, type SenderAccount } from '../../db/senderAccounts';
import { SOURCE_BYTES } from '../../channels/email/reply-text';
import { eventOf, LISTENED_HEADERS, type MailboxPlace } from './imap-events';
import type { Deliver, Listener, SessionHooks } from './listener';

export interface ImapLimits {
  /** Messages fetched per round trip; a long backlog is read in batches, the watermark saved after each. */
  batchSize: number;
  /** Larger messages are skipped (and logged): a reply is small, and headers are all we read. */
  maxMessageBytes: number;
  /** IDLE is restarted this often, under the 29 minutes after which RFC 2177 lets a server drop it. */
  idleRestartMs: number;
}

const IMAP_LIMITS: ImapLimits = { batchSize: 100, maxMessageBytes: 25 * 1024 * 1024, idleRestartMs: 5 * 60_000 };

export interface ImapListenerDeps {
  db: Knex;
  deliver: Deliver;
  credentials: CredentialSource;
  limits?: Partial<ImapLimits>;
}

/** A UIDVALIDITY reset re-reads what arrived since the watermark last moved, a day earlier for SEARCH SINCE's whole dates. */
const DAY_MS = 86_400_000;

/** Whether the account has what an IMAP listener needs (settings.imap); bad settings throw, naming the field. */
export function listensOverImap(account: SenderAccount): boolean {
  return emailSettings(account).imap !== undefined;
}

/**
 * IMAP IDLE on the first folder of an email account's settings.imap (INBOX unless set otherwise): each new
 * message that answers one of our messages becomes an event, and the UID watermark in Postgres moves past
 * it once delivered, so a message that arrives while the listener is down is read when it reconnects.
 */
export function imapIdleListener(account: SenderAccount, deps: ImapListenerDeps): Listener {
  const limits = { ...IMAP_LIMITS, ...deps.limits };
  return {
    kind: 'imap-idle',
    name: accountName(account),
    accounts: [account],
    session: (hooks) => imapSession(account, deps, limits, hooks),
  };
}

async function imapSession(account: SenderAccount, deps: ImapListenerDeps, limits: ImapLimits, hooks: SessionHooks): Promise<void> {
  const settings = emailSettings(account);
  const imap = settings.imap;
  if (!imap) throw new SenderAccountError(`${accountName(account)}: no settings.imap to listen on`);
  const login = loginFor('imap', await deps.credentials.credentialsFor(account), account);
  const client = connection(imap, login, limits);
  const folder = imap.folders[0] ?? 'INBOX';
  let failure: unknown;
  let endSession: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (endSession = resolve));
  client.on('error', (error: unknown) => (failure ??= error));
  client.on('close', () => endSession());
  const fail = (error: unknown) => {
    failure ??= error;
    client.close();
  };
  const stop = () => void client.logout().catch(() => client.close());
  hooks.signal.addEventListener('abort', stop, { once: true });
  if (hooks.signal.aborted) stop();
  try {
    await client.connect();
    await client.mailboxOpen(folder, { readOnly: true });
    const reader = new InboxReader(client, account, folder, domainOf(settings.address), deps, limits, hooks);
    hooks.connected();
    hooks.log({ level: 'info', message: 'listener waiting for new mail (IMAP IDLE)', listener: 'imap-idle', source: accountName(account), folder });
    // Every EXISTS the server sends (during IDLE, or beside a reply) means new mail may be there.
    client.on('exists', () => reader.kick(fail));
    reader.kick(fail);
    await ended;
    if (!hooks.signal.aborted) throw failure ?? new Error('the IMAP server closed the connection');
  } finally {
    hooks.signal.removeEventListener('abort', stop);
    client.close();
  }
}

function connection(imap: ImapSettings, login: { user: string; pass: string }, limits: ImapLimits): ImapFlow {
  return new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: imap.secure,
    ...(imap.secure ? {} : { doSTARTTLS: imap.requireTLS ? true : false }),
    auth: { user: login.user, pass: login.pass },
    logger: false,
    // IDLE starts a second after our last command, so a message that arrives after a catch-up is heard at once.
    autoIdleDelay: 1_000,
    maxIdleTime: limits.idleRestartMs,
    connectionTimeout: 20_000,
    greetingTimeout: 16_000,
  });
}

/** Reads what is new past the watermark, one catch-up at a time; a kick during one runs another after it. */
class InboxReader {
  private running = false;
  private again = false;

  constructor(
    private readonly client: ImapFlow,
    private readonly account: SenderAccount,
    private readonly folder: string,
    private readonly domain: string,
    private readonly deps: ImapListenerDeps,
    private readonly limits: ImapLimits,
    private readonly hooks: SessionHooks,
  ) {}

  kick(fail: (error: unknown) => void): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void (async () => {
      try {
        do {
          this.again = false;
          await this.catchUp();
        } while (this.again && !this.hooks.signal.aborted);
      } catch (error) {
        fail(error);
      } finally {
        this.running = false;
      }
    })();
  }

  private async catchUp(): Promise<void> {
    const box = this.client.mailbox;
    if (!box) throw new Error('the IMAP folder is no longer open');
    const uidValidity = String(box.uidValidity);
    const mark = await readWatermark(this.deps.db, this.account.id, 'imap-idle');
    if (!mark) {
      // A first start hears what arrives from now on; what came before is the checks' to find.
      await saveWatermark(this.deps.db, this.account.id, 'imap-idle', { watermark: String(Math.max(box.uidNext - 1, 0)), uidValidity });
      return;
    }
    let uids: number[];
    let after: number;
    if (mark.uidValidity !== uidValidity) {
      // The server renumbered the folder: our UID means nothing there now. Read again what arrived since the
      // watermark last moved; Message-IDs keep the events the same, so the pipeline stores each once.
      const since = new Date(mark.updatedAt.getTime() - DAY_MS);
      this.hooks.log({ level: 'warn', message: 'IMAP UIDVALIDITY changed; re-reading recent mail', listener: 'imap-idle', source: accountName(this.account), since: since.toISOString() });
      uids = (await this.client.search({ since }, { uid: true })) || [];
      after = 0;
    } else {
      after = Number(mark.watermark);
      uids = (await this.client.search({ uid: `${after + 1}:*` }, { uid: true })) || [];
    }
    const fresh = uids.filter((uid) => uid > after).sort((a, b) => a - b);
    for (let start = 0; start < fresh.length && !this.hooks.signal.aborted; start += this.limits.batchSize) {
      const batch = fresh.slice(start, start + this.limits.batchSize);
      await this.readBatch(batch, { folder: this.folder, uidValidity });
      await saveWatermark(this.deps.db, this.account.id, 'imap-idle', { watermark: String(batch[batch.length - 1]), uidValidity });
    }
    if (fresh.length === 0 && mark.uidValidity !== uidValidity) {
      await saveWatermark(this.deps.db, this.account.id, 'imap-idle', { watermark: String(Math.max(box.uidNext - 1, 0)), uidValidity });
    }
  }

  private async readBatch(uids: number[], place: MailboxPlace): Promise<void> {
    const messages = await this.client.fetchAll(uids.join(','), { uid: true, size: true, internalDate: true, headers: LISTENED_HEADERS }, { uid: true });
    for (const message of messages.sort((a, b) => a.uid - b.uid)) {
      if ((message.size ?? 0) > this.limits.maxMessageBytes) {
        this.hooks.log({
          level: 'warn',
          message: 'IMAP message skipped: over the size limit',
          listener: 'imap-idle',
          source: accountName(this.account),
          uid: message.uid,
          size: message.size,
          limit: this.limits.maxMessageBytes,
        });
        continue;
      }
      const event = await eventOf(this.account, place, message, this.domain, () => this.sourceStart(message));
      if (!event) continue;
      await this.deps.deliver(event);
      this.hooks.delivered(this.account.id, new Date());
    }
  }

  /** The first SOURCE_BYTES of the raw message, bytes as latin1 (the fetch is bounded; the rest is never read). */
  private async sourceStart(message: FetchMessageObject): Promise<string> {
    const found = await this.client.fetchOne(String(message.uid), { source: { maxLength: SOURCE_BYTES } }, { uid: true });
    return found && found.source ? found.source.toString('latin1') : '';
  }
}
