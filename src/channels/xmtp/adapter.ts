import { DeliveryStatus, GroupMessageKind } from '@xmtp/node-sdk';
import { accountName, type SenderAccount } from '../../db/senderAccounts';
import type { Observation } from '../../sequences/model';
import type { CredentialSource } from '../credentials';
import { RecipientUnreachableError, SenderAccountError } from '../errors';
import { recipientIdentifier, recipientShortfall } from '../recipients';
import type { CheckRequest, MessageRequest, ObservedOutcome, SendResult, XmtpChannel } from '../types';
import { xmtpSecrets, xmtpSettings } from './account';
import { connectWithSdk, XmtpClients, type XmtpClientLike, type XmtpConnect, type XmtpDmLike, type XmtpMessageLike } from './client';
import { xmtpFailure } from './failures';
import { eoaSigner, ethereumIdentifier, isEthereumAddress } from './signer';

export const XMTP_PROVIDER = 'xmtp';

export interface XmtpAdapterDeps {
  credentials: CredentialSource;
  /** Opens an SDK client for an account; the real `Client.create` unless a test puts a fake here. */
  connect?: XmtpConnect;
  /** How long opening a client may take before the call fails as transient (default 45 s, under the activity timeouts). */
  connectTimeoutMs?: number;
  now?: () => Date;
}

/*
 * Our message's sentAt comes from the worker's clock and the journey's `at` from Temporal's, so the search
 * for an earlier attempt's message starts a little before `at`.
 */
const CLOCK_SKEW_MS = 60_000;
/** Content a client sends on its own, not a person answering. */
const NOT_AN_ANSWER = new Set(['readReceipt', 'group_updated', 'leave_request']);

/**
 * XMTP direct messages from a sender account's wallet to the lead's Ethereum address.
 *
 * Credentials: `walletKey` (hex private key of the sending EOA), `dbEncryptionKey` (32-byte hex).
 * Settings: `env` ('production' | 'dev' | 'local'), `dbPath` (folder for the SDK's database; required in production).
 */
export function createXmtpAdapter(deps: XmtpAdapterDeps): XmtpChannel {
  const clients = new XmtpClients(deps.connect ?? connectWithSdk, deps.connectTimeoutMs ?? 45_000);
  const now = deps.now ?? (() => new Date());

  async function call<T>(account: SenderAccount, operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const failure = xmtpFailure(error, account, operation);
      if (failure instanceof SenderAccountError) clients.forget(account);
      throw failure;
    }
  }

  async function clientFor(account: SenderAccount): Promise<XmtpClientLike> {
    const settings = xmtpSettings(account);
    const secrets = xmtpSecrets(await deps.credentials.credentialsFor(account), account);
    return call(account, 'client open', () => clients.get(account, secrets, settings, () => signerFor(account, secrets.walletKey)));
  }

  /** Messages in the lead's DM after `since` and up to `asOf`, from the lead, oldest first. */
  async function fromLead(request: CheckRequest): Promise<XmtpMessageLike[]> {
    const address = request.lead.cryptoAddress;
    if (!address || recipientShortfall('xmtp', request.lead) !== undefined) return [];
    const account = request.sender;
    const client = await clientFor(account);
    await call(account, 'conversations sync', () => client.conversations.sync());
    const dm = await call(account, 'DM lookup', () => client.conversations.fetchDmByIdentifier(ethereumIdentifier(address)));
    if (!dm) return [];
    await call(account, 'DM sync', () => dm.sync());
    const messages = await call(account, 'message list', () =>
      dm.messages({ sentAfterNs: nanos(request.since), excludeSenderInboxIds: [client.inboxId] }),
    );
    return messages
      .filter((m) => m.senderInboxId !== client.inboxId && m.kind === GroupMessageKind.Application)
      .filter((m) => m.sentAt.getTime() > request.since.getTime() && m.sentAt.getTime() <= request.asOf.getTime())
      .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
  }

  function outcome(observation: Observation, message: XmtpMessageLike | undefined): ObservedOutcome | undefined {
    return message && { observation, at: message.sentAt, providerId: message.id };
  }

  return {
    channel: 'xmtp',
    provider: XMTP_PROVIDER,

    async sendDm(request: MessageRequest): Promise<SendResult> {
      const account = request.sender;
      const address = recipientIdentifier('xmtp', request.lead, account);
      const client = await clientFor(account);
      const identifier = ethereumIdentifier(address);
      const reachable = await call(account, 'canMessage', () => client.canMessage([identifier]));
      if (!lookup(reachable, identifier.identifier)) {
        throw new RecipientUnreachableError(`sender account ${accountName(account)}: lead ${request.lead.personId} is not on XMTP`);
      }
      const dm = await call(account, 'DM open', () => client.conversations.createDmWithIdentifier(identifier));
      const text = request.message.body;
      if (request.attempt > 1) {
        const earlier = await call(account, 'retry lookup', () => earlierAttempt(dm, client.inboxId, text, request.at));
        if (earlier) return { providerId: earlier.id, sentAt: earlier.sentAt };
      }
      const providerId = await call(account, 'sendText', () => dm.sendText(text));
      return { providerId, sentAt: now() };
    },

    async checkReplied(request: CheckRequest) {
      return outcome('replied', (await fromLead(request)).find((m) => !NOT_AN_ANSWER.has(m.contentType.typeId)));
    },

    async checkRead(request: CheckRequest) {
      return outcome('read', (await fromLead(request)).find((m) => m.contentType.typeId === 'readReceipt'));
    },
  };
}

/**
 * XMTP has no idempotency key. A retried send looks in the DM for our own text sent since the attempt
 * began; one still unpublished (the publish of an earlier attempt failed after the SDK stored it) is
 * published instead of being sent again.
 */
async function earlierAttempt(dm: XmtpDmLike, ourInboxId: string, text: string, at: Date): Promise<XmtpMessageLike | undefined> {
  await dm.sync();
  const mine = await dm.messages({ sentAfterNs: nanos(new Date(at.getTime() - CLOCK_SKEW_MS)) });
  const earlier = mine.find(
    (m) => m.senderInboxId === ourInboxId && m.contentType.typeId === 'text' && m.content === text && m.deliveryStatus !== DeliveryStatus.Failed,
  );
  if (earlier?.deliveryStatus === DeliveryStatus.Unpublished) await dm.publishMessages();
  return earlier;
}

function signerFor(account: SenderAccount, walletKey: `0x${string}`) {
  let signer: ReturnType<typeof eoaSigner>;
  try {
    signer = eoaSigner(walletKey);
  } catch {
    throw new SenderAccountError(`sender account ${accountName(account)}: credential "walletKey" is not a valid secp256k1 private key`);
  }
  if (isEthereumAddress(account.handle) && account.handle.toLowerCase() !== signer.address) {
    throw new SenderAccountError(`sender account ${accountName(account)}: credential "walletKey" belongs to another address than the account's handle`);
  }
  return signer;
}

/** canMessage answers per identifier; the SDK keys the map by the identifier it was given, lower-cased here. */
function lookup(answers: Map<string, boolean>, identifier: string): boolean {
  for (const [key, value] of answers) if (key.toLowerCase() === identifier) return value;
  return false;
}

function nanos(date: Date): bigint {
  return BigInt(date.getTime()) * 1_000_000n;
}
