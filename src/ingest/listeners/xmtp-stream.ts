import { GroupMessageKind, IdentifierKind } from '@xmtp/node-sdk';
import type { Knex } from 'knex';
import type { CredentialSource } from '../../channels/credentials';
import { SenderAccountError } from '../../channels/errors';
import { xmtpSecrets, xmtpSettings } from '../../channels/xmtp/account';
import { xmtpFailure } from '../../channels/xmtp/failures';
import { eoaSigner } from '../../channels/xmtp/signer';
import { readWatermark, saveWatermark } from '../../db/listener-watermarks';
import { accountName, type SenderAccount } from '../../db/senderAccounts';
import { messageParts, type ProviderEvent } from '../provider-event';
import type { Deliver, Listener, SessionHooks } from './listener';
import { RecentIds } from './recent-ids';
import { listenWithSdk, type XmtpHeardMessage, type XmtpListenClient, type XmtpListenConnect } from './xmtp-sdk';

export interface XmtpListenerDeps {
  db: Knex;
  deliver: Deliver;
  credentials: CredentialSource;
  connect?: XmtpListenConnect;
}

/** Content a client sends on its own, not a person writing. */
const NOT_FROM_A_PERSON = new Set(['readReceipt', 'group_updated', 'leave_request']);
/** Message ids remembered to drop a repeat between backfill and stream; bounded so a long run cannot grow it. */
const REMEMBERED_IDS = 10_000;

/**
 * XMTP's message stream for one account's DMs. Every session opens the stream first, then backfills what
 * was sent since the watermark (so nothing falls between the two), then follows the stream. Our own
 * messages and messages no person wrote are dropped; the watermark (the latest send time delivered, in
 * nanoseconds) moves once a message is delivered.
 */
export function xmtpStreamListener(account: SenderAccount, deps: XmtpListenerDeps): Listener {
  const heard = new RecentIds(REMEMBERED_IDS);
  return {
    kind: 'xmtp-stream',
    name: accountName(account),
    accounts: [account],
    session: (hooks) => xmtpSession(account, deps, heard, hooks),
  };
}

async function xmtpSession(account: SenderAccount, deps: XmtpListenerDeps, heard: RecentIds, hooks: SessionHooks): Promise<void> {
  const settings = xmtpSettings(account);
  const secrets = xmtpSecrets(await deps.credentials.credentialsFor(account), account);
  const call = async <T>(operation: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw xmtpFailure(error, account, operation);
    }
  };
  let signer: ReturnType<typeof eoaSigner>;
  try {
    signer = eoaSigner(secrets.walletKey);
  } catch {
    throw new SenderAccountError(`${accountName(account)}: credential "walletKey" is not a valid secp256k1 private key`);
  }
  const client = await call('client open', () => (deps.connect ?? listenWithSdk)(account, { signer, dbEncryptionKey: secrets.dbEncryptionKey }, settings));
  let streamError: Error | undefined;
  const stream = await call('stream open', () => client.conversations.streamAllDmMessages({ retryOnFail: false, onError: (e) => (streamError ??= e) }));
  const stop = () => void stream.end();
  hooks.signal.addEventListener('abort', stop, { once: true });
  if (hooks.signal.aborted) stop();
  try {
    const reader = new DmReader(client, account, deps, heard, hooks);
    await reader.start(call);
    hooks.connected();
    hooks.log({ level: 'info', message: 'listener waiting for XMTP messages', listener: 'xmtp-stream', source: accountName(account) });
    await call('backfill', () => reader.backfill());
    for await (const message of stream) {
      if (hooks.signal.aborted) break;
      await reader.take(message);
    }
    if (!hooks.signal.aborted) throw streamError ? xmtpFailure(streamError, account, 'message stream') : new Error(`${accountName(account)}: the XMTP message stream ended`);
  } finally {
    hooks.signal.removeEventListener('abort', stop);
    await stream.end().catch(() => undefined);
  }
}

class DmReader {
  private watermark = 0n;
  private readonly addresses = new Map<string, string | undefined>();

  constructor(
    private readonly client: XmtpListenClient,
    private readonly account: SenderAccount,
    private readonly deps: XmtpListenerDeps,
    private readonly heard: RecentIds,
    private readonly hooks: SessionHooks,
  ) {}

  async start(call: <T>(operation: string, work: () => Promise<T>) => Promise<T>): Promise<void> {
    const mark = await readWatermark(this.deps.db, this.account.id, 'xmtp-stream');
    if (mark) {
      this.watermark = BigInt(mark.watermark);
      return;
    }
    // A first start hears what is sent from now on; what came before is the checks' to find.
    this.watermark = BigInt(Date.now()) * 1_000_000n;
    await saveWatermark(this.deps.db, this.account.id, 'xmtp-stream', { watermark: String(this.watermark) });
    await call('conversations sync', () => this.client.conversations.sync());
  }

  /** Every message sent to the account's DMs since the watermark, oldest first. */
  async backfill(): Promise<void> {
    await this.client.conversations.sync();
    const after = this.watermark;
    const found: XmtpHeardMessage[] = [];
    for (const dm of this.client.conversations.listDms()) {
      await dm.sync();
      found.push(...(await dm.messages({ sentAfterNs: after, excludeSenderInboxIds: [this.client.inboxId] })));
    }
    for (const message of found.sort((a, b) => (a.sentAtNs < b.sentAtNs ? -1 : a.sentAtNs > b.sentAtNs ? 1 : 0))) await this.take(message);
  }

  async take(message: XmtpHeardMessage): Promise<void> {
    if (message.senderInboxId === this.client.inboxId || this.heard.has(message.id)) return;
    if (message.kind !== GroupMessageKind.Application || NOT_FROM_A_PERSON.has(message.contentType.typeId)) return;
    const walletAddress = await this.addressOf(message.senderInboxId);
    if (walletAddress === undefined) {
      this.hooks.log({ level: 'warn', message: 'XMTP message skipped: its sender has no Ethereum address', listener: 'xmtp-stream', source: accountName(this.account) });
      return;
    }
    await this.deps.deliver(eventOf(this.account, message, walletAddress));
    this.heard.add(message.id);
    this.hooks.delivered(this.account.id, new Date());
    if (message.sentAtNs > this.watermark) {
      this.watermark = message.sentAtNs;
      await saveWatermark(this.deps.db, this.account.id, 'xmtp-stream', { watermark: String(this.watermark) });
    }
  }

  private async addressOf(inboxId: string): Promise<string | undefined> {
    if (!this.addresses.has(inboxId)) {
      const [state] = await this.client.preferences.fetchInboxStates([inboxId]);
      const address = state?.identifiers.find((i) => i.identifierKind === IdentifierKind.Ethereum)?.identifier.toLowerCase();
      this.addresses.set(inboxId, address);
    }
    return this.addresses.get(inboxId);
  }
}

function eventOf(account: SenderAccount, message: XmtpHeardMessage, walletAddress: string): ProviderEvent {
  return {
    origin: 'xmtp',
    providerEventId: message.id,
    type: 'xmtp.message.received',
    occurredAt: message.sentAt.toISOString(),
    senderAccountId: account.id,
    from: { walletAddress },
    raw: {
      messageId: message.id,
      conversationId: message.conversationId,
      senderInboxId: message.senderInboxId,
      contentType: message.contentType.typeId,
      sentAtNs: String(message.sentAtNs),
    },
    // Text content is a string; other content types (attachments, reactions) carry nothing to read.
    ...messageParts({ text: typeof message.content === 'string' ? message.content : undefined }),
  };
}
