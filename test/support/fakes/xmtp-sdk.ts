/*
 * A fake XMTP network at the SDK's client boundary: it implements the `XmtpClientLike` subset of
 * @xmtp/node-sdk 5.5.0 the adapter uses, answering the way the SDK does. Followed:
 * - node_modules/@xmtp/node-sdk/dist/index.d.ts and index.js (5.5.0): `Client.create(signer, options)`,
 *   `client.canMessage(identifiers)` resolving to a Map keyed by identifier, `conversations.sync()`,
 *   `createDmWithIdentifier` (libxmtp's find-or-create), `fetchDmByIdentifier` (local DMs only),
 *   `dm.sync()`, `dm.sendText()` resolving to the message id, `dm.publishMessages()`,
 *   `dm.messages({ sentAfterNs, excludeSenderInboxIds })` and DecodedMessage's fields.
 * - docs.xmtp.org "Create a client" (the signer signs when an installation registers; the local database
 *   keeps the installation), "Sync conversations and messages" (a DM someone else started arrives as a
 *   welcome on `conversations.sync()`, new messages on `dm.sync()`), "Manage inboxes" (installations per
 *   inbox are capped), "Observe rate limits" (rolling 5-minute windows).
 * - Error shapes: the SDK throws plain Errors with `code: 'GenericFailure'` and libxmtp's text. The texts
 *   below were seen from the real SDK (UNAVAILABLE, against a closed port) or reported in xmtp-js issues
 *   #925 and #1025 (inbox log is full), #973 (ResourceExhausted) and the installation-limit text.
 */
import { randomBytes } from 'node:crypto';
import { contentTypeReadReceipt, contentTypeText, DeliveryStatus, GroupMessageKind, IdentifierKind, type Identifier, type Signer } from '@xmtp/node-sdk';
import { isAddress, verifyMessage } from 'viem';
import type { XmtpClientLike, XmtpConnect, XmtpDmLike } from '../../../src/channels/xmtp/client';
import type { XmtpHeardMessage, XmtpListenClient, XmtpListenConnect, XmtpListenedDm, XmtpMessageStream } from '../../../src/ingest/listeners/xmtp-sdk';

export const SDK_ERRORS = {
  unavailable:
    'api client error api client at endpoint "/xmtp.identity.api.v1.IdentityApi/GetInboxIds" has error status: \'The service is currently unavailable\', self: "tcp connect error"',
  rateLimited:
    'API error: API client error: client at "send_group_messages" has error status: ResourceExhausted, message: "1 exceeds rate limit R167.235.140.132DEF", details: [], metadata: MetadataMap { headers: {"content-type": "application/grpc"} }',
  installationLimit: (inboxId: string, max: number) =>
    `Cannot register a new installation because the InboxID ${inboxId} has already registered ${max}/${max} installations. Please revoke existing installations first.`,
  inboxLogFull:
    'API error: api client error api client at endpoint "publish_identity_update" has error status: Unknown, message: "inbox log is full", details: [], metadata: MetadataMap { headers: {"content-type": "application/grpc"} }',
  signatureRejected: 'Signature validation failed',
} as const;

export function sdkError(message: string): Error {
  return Object.assign(new Error(message), { code: 'GenericFailure' });
}

export type FakeOperation =
  | 'connect'
  | 'canMessage'
  | 'conversations.sync'
  | 'createDm'
  | 'fetchDm'
  | 'dm.sync'
  | 'messages'
  | 'sendText'
  /** Opening the listener's message stream. */
  | 'stream'
  /** The message is stored locally, then publishing it fails: the SDK throws after keeping it unpublished. */
  | 'publish'
  /** The message is published, then the answer is lost: the caller sees an error. */
  | 'answerLost';

interface FakeMessage extends XmtpHeardMessage {
  conversationId: string;
}

interface FakeDm {
  id: string;
  members: [string, string];
  createdBy: string;
  createdAt: Date;
  messages: FakeMessage[];
}

interface AutoReply {
  text: string;
  afterMs: number;
}

export interface ConnectRecord {
  accountId: string;
  address: string;
  env: string;
  dbPath: string | undefined;
}

export class FakeXmtpNetwork {
  readonly connects: ConnectRecord[] = [];
  /** Installations registered per inbox; a client opened on a database that exists reuses its installation. */
  readonly installations = new Map<string, Set<string>>();
  private readonly inboxes = new Map<string, string>();
  private readonly dms: FakeDm[] = [];
  private readonly failures: { operation: FakeOperation; error: Error; peer?: string }[] = [];
  private readonly replies = new Map<string, AutoReply>();
  /** Before `connect` resolves, when set: lets a test hold a client open. */
  connectDelay: Promise<void> | undefined;
  /** Open message streams: each installation's `streamAllDmMessages`, fed every message published to its DMs. */
  private readonly streams = new Set<FakeStream>();

  constructor(
    public now: () => Date = () => new Date(),
    private readonly maxInstallations = 10,
  ) {}

  /** Puts an address on XMTP (an inbox with one installation); returns its inbox id. */
  register(address: string): string {
    const key = address.toLowerCase();
    let inboxId = this.inboxes.get(key);
    if (!inboxId) {
      inboxId = randomBytes(32).toString('hex');
      this.inboxes.set(key, inboxId);
    }
    return inboxId;
  }

  /** The lead answers each message we send them, this long after it. */
  autoReply(address: string, reply: AutoReply): void {
    this.register(address);
    this.replies.set(address.toLowerCase(), reply);
  }

  /** The next call of this operation throws this error; only in a DM with `peer` (an address) when given. */
  failNext(operation: FakeOperation, error: Error, opts: { times?: number; peer?: string } = {}): void {
    const peer = opts.peer?.toLowerCase();
    for (let i = 0; i < (opts.times ?? 1); i++) this.failures.push({ operation, error, ...(peer ? { peer } : {}) });
  }

  /** A person writes to another address: text, or a read receipt. Starts the DM when there is none. */
  sendAs(from: string, to: string, content: string | { readReceipt: true }, at: Date = this.now()): FakeMessage {
    const sender = this.register(from);
    const dm = this.findOrCreateDm(sender, this.register(to), at);
    const message = this.message(dm, sender, content, at, DeliveryStatus.Published);
    dm.messages.push(message);
    this.published(dm, message);
    return message;
  }

  /** The stream fails as the SDK's does with retryOnFail off: it reports a StreamFailedError and ends. */
  dropStreams(): void {
    for (const stream of [...this.streams]) stream.fail(Object.assign(new Error('Stream failed, retried 0 times'), { name: 'StreamFailedError' }));
  }

  /** How many message streams are open now. */
  get openStreams(): number {
    return this.streams.size;
  }

  /** @internal */
  openStream(inboxId: string, onError?: (error: Error) => void): FakeStream {
    const stream = new FakeStream(inboxId, (s) => this.streams.delete(s), onError);
    this.streams.add(stream);
    return stream;
  }

  /** @internal: a message became visible to the network; streams of the DM's members get it. */
  published(dm: FakeDm, message: FakeMessage): void {
    for (const stream of this.streams) if (dm.members.includes(stream.inboxId)) stream.push(message);
  }

  /** Every published message in the DMs between these two addresses, oldest first. */
  conversation(a: string, b: string): FakeMessage[] {
    const [x, y] = [this.inboxes.get(a.toLowerCase()), this.inboxes.get(b.toLowerCase())];
    return this.dms
      .filter((d) => x !== undefined && y !== undefined && d.members.includes(x) && d.members.includes(y))
      .flatMap((d) => d.messages)
      .filter((m) => m.deliveryStatus === DeliveryStatus.Published)
      .sort((p, q) => p.sentAt.getTime() - q.sentAt.getTime());
  }

  inboxIdOf(address: string): string | undefined {
    return this.inboxes.get(address.toLowerCase());
  }

  addressOf(inboxId: string): string | undefined {
    return [...this.inboxes].find(([, id]) => id === inboxId)?.[0];
  }

  readonly connect: XmtpConnect = async (account, credentials, settings) => {
    const record: ConnectRecord = { accountId: account.id, address: '', env: settings.env, dbPath: settings.dbPath };
    this.connects.push(record);
    await this.connectDelay;
    this.failIfScripted('connect');
    const address = await verifiedAddress(credentials.signer);
    record.address = address;
    const inboxId = this.register(address);
    const installations = this.installations.get(inboxId) ?? new Set<string>();
    const database = settings.dbPath === undefined ? undefined : `${settings.dbPath}/xmtp-${settings.env}-${inboxId}.db3`;
    const installation = database ?? randomBytes(32).toString('hex');
    if (!installations.has(installation)) {
      if (installations.size >= this.maxInstallations) throw sdkError(SDK_ERRORS.installationLimit(inboxId, this.maxInstallations));
      installations.add(installation);
    }
    this.installations.set(inboxId, installations);
    return new FakeClient(this, inboxId);
  };

  /** The same network for the ingest listener's client (the SDK's Client fits both narrow types). */
  readonly listen: XmtpListenConnect = async (account, credentials, settings) => (await this.connect(account, credentials, settings)) as FakeClient;

  /** @internal for FakeClient */
  failIfScripted(operation: FakeOperation, dm?: FakeDm): void {
    const peers = dm ? dm.members.map((id) => [...this.inboxes].find(([, inbox]) => inbox === id)?.[0]) : [];
    const index = this.failures.findIndex((f) => f.operation === operation && (f.peer === undefined || peers.includes(f.peer)));
    if (index < 0) return;
    const [failure] = this.failures.splice(index, 1);
    throw failure!.error;
  }

  /** @internal */
  findOrCreateDm(creator: string, peer: string, at: Date): FakeDm {
    const found = this.dmBetween(creator, peer);
    if (found) return found;
    const dm: FakeDm = { id: randomBytes(16).toString('hex'), members: [creator, peer], createdBy: creator, createdAt: at, messages: [] };
    this.dms.push(dm);
    return dm;
  }

  /** @internal */
  dmBetween(a: string, b: string): FakeDm | undefined {
    return this.dms.find((d) => d.members.includes(a) && d.members.includes(b) && a !== b);
  }

  /** @internal */
  dmsOf(inboxId: string): FakeDm[] {
    return this.dms.filter((d) => d.members.includes(inboxId));
  }

  /** @internal */
  message(dm: FakeDm, sender: string, content: string | { readReceipt: true }, at: Date, deliveryStatus: DeliveryStatus): FakeMessage {
    const readReceipt = typeof content !== 'string';
    return {
      id: randomBytes(32).toString('hex'),
      conversationId: dm.id,
      senderInboxId: sender,
      sentAt: at,
      sentAtNs: BigInt(at.getTime()) * 1_000_000n,
      contentType: readReceipt ? contentTypeReadReceipt() : contentTypeText(),
      content: readReceipt ? {} : content,
      kind: GroupMessageKind.Application,
      deliveryStatus,
    };
  }

  /** @internal: the lead's scripted answer to a message of ours that was just published. */
  answer(dm: FakeDm, from: string): void {
    const peer = dm.members.find((m) => m !== from)!;
    const address = [...this.inboxes].find(([, id]) => id === peer)?.[0];
    const reply = address === undefined ? undefined : this.replies.get(address);
    if (!reply) return;
    const at = new Date(this.now().getTime() + reply.afterMs);
    const message = this.message(dm, peer, reply.text, at, DeliveryStatus.Published);
    dm.messages.push(message);
    this.published(dm, message);
  }
}

/** What one installation sees: DMs it made or received a welcome for, and others' messages up to its last sync. */
class FakeClient implements XmtpClientLike, XmtpListenClient {
  private readonly known = new Set<string>();
  private readonly syncedAt = new Map<string, number>();

  constructor(
    private readonly network: FakeXmtpNetwork,
    readonly inboxId: string,
  ) {}

  readonly conversations = {
    sync: async (): Promise<void> => {
      this.network.failIfScripted('conversations.sync');
      const now = this.network.now().getTime();
      for (const dm of this.network.dmsOf(this.inboxId)) if (dm.createdAt.getTime() <= now) this.known.add(dm.id);
    },
    createDmWithIdentifier: async (identifier: Identifier): Promise<XmtpDmLike> => {
      this.network.failIfScripted('createDm');
      const peer = this.network.inboxIdOf(identifier.identifier);
      if (!peer) throw sdkError(`AddressNotFound: ${identifier.identifier}`);
      const dm = this.network.findOrCreateDm(this.inboxId, peer, this.network.now());
      this.known.add(dm.id);
      return this.dmView(dm);
    },
    fetchDmByIdentifier: async (identifier: Identifier): Promise<XmtpDmLike | undefined> => {
      this.network.failIfScripted('fetchDm');
      const peer = this.network.inboxIdOf(identifier.identifier);
      const dm = peer === undefined ? undefined : this.network.dmBetween(this.inboxId, peer);
      return dm && this.known.has(dm.id) ? this.dmView(dm) : undefined;
    },
    /** The DMs this installation knows (made, or received a welcome for on sync), from the local database. */
    listDms: (): XmtpListenedDm[] =>
      this.network
        .dmsOf(this.inboxId)
        .filter((dm) => this.known.has(dm.id))
        .map((dm): XmtpListenedDm => ({ ...this.dmView(dm), peerInboxId: dm.members.find((m) => m !== this.inboxId)! })),
    streamAllDmMessages: async (options: { onError?: (error: Error) => void } = {}): Promise<XmtpMessageStream> => {
      this.network.failIfScripted('stream');
      return this.network.openStream(this.inboxId, options.onError);
    },
  };

  readonly preferences = {
    fetchInboxStates: async (inboxIds: string[]) =>
      inboxIds.flatMap((inboxId) => {
        const address = this.network.addressOf(inboxId);
        return address === undefined ? [] : [{ inboxId, identifiers: [{ identifier: address, identifierKind: IdentifierKind.Ethereum }] }];
      }),
  };

  async canMessage(identifiers: Identifier[]): Promise<Map<string, boolean>> {
    this.network.failIfScripted('canMessage');
    return new Map(identifiers.map((i) => [i.identifier, this.network.inboxIdOf(i.identifier) !== undefined]));
  }

  private dmView(dm: FakeDm): XmtpDmLike & Pick<XmtpListenedDm, 'messages'> {
    const network = this.network;
    const me = this.inboxId;
    const visible = (m: FakeMessage) =>
      m.senderInboxId === me ? true : m.deliveryStatus === DeliveryStatus.Published && m.sentAt.getTime() <= (this.syncedAt.get(dm.id) ?? -Infinity);
    return {
      id: dm.id,
      sync: async () => {
        network.failIfScripted('dm.sync', dm);
        this.syncedAt.set(dm.id, network.now().getTime());
      },
      sendText: async (text: string) => {
        network.failIfScripted('sendText', dm);
        const message = network.message(dm, me, text, network.now(), DeliveryStatus.Unpublished);
        dm.messages.push(message);
        network.failIfScripted('publish', dm);
        message.deliveryStatus = DeliveryStatus.Published;
        network.published(dm, message);
        network.answer(dm, me);
        network.failIfScripted('answerLost', dm);
        return message.id;
      },
      publishMessages: async () => {
        for (const m of dm.messages) {
          if (m.senderInboxId === me && m.deliveryStatus === DeliveryStatus.Unpublished) {
            m.deliveryStatus = DeliveryStatus.Published;
            network.published(dm, m);
            network.answer(dm, me);
          }
        }
      },
      messages: async (options = {}) => {
        network.failIfScripted('messages', dm);
        const after = options.sentAfterNs;
        const excluded = new Set(options.excludeSenderInboxIds ?? []);
        return dm.messages
          .filter(visible)
          .filter((m) => after === undefined || BigInt(m.sentAt.getTime()) * 1_000_000n > after)
          .filter((m) => !excluded.has(m.senderInboxId))
          .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
      },
    };
  }
}

/**
 * A message stream as the SDK's AsyncStreamProxy behaves with retryOnFail off: it yields each message
 * published to the installation's DMs (its own included, as the SDK's does), and on failure reports the
 * error to onError and ends; `end()` ends it.
 */
class FakeStream implements XmtpMessageStream {
  private readonly queue: FakeMessage[] = [];
  private waiting: ((result: IteratorResult<FakeMessage>) => void) | undefined;
  private done = false;

  constructor(
    readonly inboxId: string,
    private readonly closed: (stream: FakeStream) => void,
    private readonly onError: ((error: Error) => void) | undefined,
  ) {}

  push(message: FakeMessage): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: message, done: false });
    } else this.queue.push(message);
  }

  fail(error: Error): void {
    this.onError?.(error);
    void this.end();
  }

  async end(): Promise<{ value: undefined; done: true }> {
    this.done = true;
    this.closed(this);
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterator<FakeMessage> {
    return {
      next: () => {
        const queued = this.queue.shift();
        if (queued) return Promise.resolve({ value: queued, done: false });
        if (this.done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
      return: async () => this.end(),
    };
  }
}

/** Registration makes the wallet sign; the network checks the ERC-191 signature against the identifier. */
async function verifiedAddress(signer: Signer): Promise<string> {
  const identifier = await signer.getIdentifier();
  if (identifier.identifierKind !== IdentifierKind.Ethereum || !isAddress(identifier.identifier) || identifier.identifier !== identifier.identifier.toLowerCase()) {
    throw sdkError(`invalid addresses: ["${identifier.identifier}"]`);
  }
  const text = `XMTP : Authenticate to inbox\n\nInbox ID: fake\nCurrent time: ${new Date().toISOString()}`;
  const signature = await signer.signMessage(text);
  const valid = await verifyMessage({ address: identifier.identifier as `0x${string}`, message: text, signature: `0x${Buffer.from(signature).toString('hex')}` });
  if (!valid) throw sdkError(SDK_ERRORS.signatureRejected);
  return identifier.identifier;
}
