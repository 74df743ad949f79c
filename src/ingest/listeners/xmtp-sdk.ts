import type { Client, DecodedMessage, Dm } from '@xmtp/node-sdk';
import type { SenderAccount } from '../../db/senderAccounts';
import type { XmtpSettings } from '../../channels/xmtp/account';
import { createSdkClient, type XmtpConnectCredentials, type XmtpMessageLike } from '../../channels/xmtp/client';

/*
 * The part of the SDK the XMTP listener uses, picked from the SDK's own types like the adapter's
 * (src/channels/xmtp/client.ts), so the real Client must keep fitting it and a test fake can implement it.
 */
export type XmtpHeardMessage = XmtpMessageLike & Pick<DecodedMessage, 'conversationId' | 'sentAtNs'>;

export interface XmtpListenedDm extends Pick<Dm, 'id' | 'peerInboxId' | 'sync'> {
  messages(...options: Parameters<Dm['messages']>): Promise<XmtpHeardMessage[]>;
}

/** The SDK's AsyncStreamProxy: iterates until it ends (failed, or ended by us). */
export interface XmtpMessageStream extends AsyncIterable<XmtpHeardMessage> {
  end(): Promise<unknown>;
}

export interface XmtpListenClient extends Pick<Client, 'inboxId'> {
  readonly conversations: {
    sync(): Promise<void>;
    listDms(): XmtpListenedDm[];
    streamAllDmMessages(options?: { retryOnFail?: boolean; onError?: (error: Error) => void }): Promise<XmtpMessageStream>;
  };
  readonly preferences: {
    fetchInboxStates(inboxIds: string[]): Promise<{ inboxId: string; identifiers: { identifier: string; identifierKind: number }[] }[]>;
  };
}

export type XmtpListenConnect = (account: SenderAccount, credentials: XmtpConnectCredentials, settings: XmtpSettings) => Promise<XmtpListenClient>;

export const listenWithSdk: XmtpListenConnect = async (account, credentials, settings) => {
  const client: XmtpListenClient = await createSdkClient(account, credentials, settings);
  return client;
};
