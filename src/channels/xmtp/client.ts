import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Client, type Conversations, type DecodedMessage, type Dm, type Signer } from '@xmtp/node-sdk';
import { accountName, type SenderAccount } from '../../db/senderAccounts';
import { SenderAccountError } from '../errors';
import { type XmtpSecrets, type XmtpSettings } from './account';

/*
 * The narrow part of the SDK the adapter uses, picked from the SDK's own types so that the real Client
 * must keep fitting it (`connectWithSdk` assigns one). Methods returning SDK classes are restated with
 * these narrow types, which the classes satisfy and a test fake can implement.
 */
export type XmtpMessageLike = Pick<DecodedMessage, 'id' | 'senderInboxId' | 'sentAt' | 'contentType' | 'content' | 'kind' | 'deliveryStatus'>;

export interface XmtpDmLike extends Pick<Dm, 'id' | 'sync' | 'sendText' | 'publishMessages'> {
  messages(...options: Parameters<Dm['messages']>): Promise<XmtpMessageLike[]>;
}

interface XmtpConversationsLike extends Pick<Conversations, 'sync'> {
  /** Finds the DM with this identity, or creates it. */
  createDmWithIdentifier(...args: Parameters<Conversations['createDmWithIdentifier']>): Promise<XmtpDmLike>;
  fetchDmByIdentifier(...args: Parameters<Conversations['fetchDmByIdentifier']>): Promise<XmtpDmLike | undefined>;
}

export interface XmtpClientLike extends Pick<Client, 'inboxId' | 'canMessage'> {
  readonly conversations: XmtpConversationsLike;
}

export interface XmtpConnectCredentials {
  signer: Signer;
  dbEncryptionKey: Uint8Array;
}

/** Opens a client for a sender account: registers its installation on first use, reuses it after. */
export type XmtpConnect = (account: SenderAccount, credentials: XmtpConnectCredentials, settings: XmtpSettings) => Promise<XmtpClientLike>;

/**
 * The real SDK client. Device sync (history shared between a person's apps) is off: a sender account has
 * one installation, and the sync worker would only add traffic.
 */
export const connectWithSdk: XmtpConnect = async (account, credentials, settings) => {
  const client: XmtpClientLike = await createSdkClient(account, credentials, settings);
  return client;
};

/** The SDK's client for an account, as the adapter and the ingest listener open it. */
export async function createSdkClient(account: SenderAccount, credentials: XmtpConnectCredentials, settings: XmtpSettings): Promise<Client> {
  return Client.create(credentials.signer, {
    env: settings.env,
    dbPath: settings.dbPath === undefined ? null : await databaseFile(account, settings.dbPath, settings.env),
    dbEncryptionKey: credentials.dbEncryptionKey,
    disableDeviceSync: true,
  });
}

async function databaseFile(account: SenderAccount, folder: string, env: string): Promise<(inboxId: string) => string> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new SenderAccountError(`sender account ${accountName(account)}: setting "dbPath" names a folder that cannot be created (${code})`);
  }
  return (inboxId) => join(folder, `xmtp-${env}-${inboxId}.db3`);
}

interface Cached {
  fingerprint: string;
  client: Promise<XmtpClientLike>;
}

/**
 * One client per sender account for the life of the worker: creating one opens the local database and
 * talks to the network. A changed secret or setting opens a new one; a failed open is forgotten.
 */
export class XmtpClients {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly connect: XmtpConnect,
    private readonly timeoutMs: number,
  ) {}

  get(account: SenderAccount, secrets: XmtpSecrets, settings: XmtpSettings, signer: () => Signer): Promise<XmtpClientLike> {
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([secrets.walletKey, Buffer.from(secrets.dbEncryptionKey).toString('hex'), settings]))
      .digest('hex');
    const cached = this.cache.get(account.id);
    if (cached?.fingerprint === fingerprint) return cached.client;
    const client = this.open(account, { signer: signer(), dbEncryptionKey: secrets.dbEncryptionKey }, settings);
    this.cache.set(account.id, { fingerprint, client });
    client.catch(() => this.forget(account, client));
    return client;
  }

  /** Drops the account's client (after the provider refused the account), or only this one when given. */
  forget(account: SenderAccount, client?: Promise<XmtpClientLike>): void {
    if (client === undefined || this.cache.get(account.id)?.client === client) this.cache.delete(account.id);
  }

  // A hung open must not stay cached: every later call would wait on it until its activity timed out.
  private async open(account: SenderAccount, credentials: XmtpConnectCredentials, settings: XmtpSettings): Promise<XmtpClientLike> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`client did not open within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return await Promise.race([this.connect(account, credentials, settings), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
