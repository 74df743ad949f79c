import { randomUUID } from 'node:crypto';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { credentialSource } from '../../../src/channels/credentials';
import type { CheckRequest, MessageRequest } from '../../../src/channels/types';
import { createXmtpAdapter, XMTP_PROVIDER, type XmtpAdapterDeps } from '../../../src/channels/xmtp/adapter';
import type { LeadContact } from '../../../src/db/people';
import type { SenderAccount } from '../../../src/db/senderAccounts';
import { FakeXmtpNetwork } from '../../support/fakes/xmtp-sdk';

export interface Wallet {
  key: `0x${string}`;
  address: string;
}

export function wallet(): Wallet {
  const key = generatePrivateKey();
  return { key, address: privateKeyToAccount(key).address.toLowerCase() };
}

export const DB_KEY = 'ab'.repeat(32);

export function senderAccount(address: string, overrides: Partial<SenderAccount> = {}): SenderAccount {
  return {
    id: randomUUID(),
    channel: 'xmtp',
    provider: XMTP_PROVIDER,
    handle: address,
    hourlyCap: 100,
    dailyCap: 1000,
    credentialsRef: { walletKey: 'env:XMTP_WALLET_KEY', dbEncryptionKey: 'env:XMTP_DB_KEY' },
    settings: { env: 'dev' },
    status: 'active',
    statusReason: null,
    statusChangedAt: null,
    createdAt: new Date(),
    ...overrides,
  };
}

export function lead(cryptoAddress: string | undefined): LeadContact {
  return { personId: randomUUID(), ...(cryptoAddress === undefined ? {} : { cryptoAddress }), variables: {} };
}

export function dmRequest(sender: SenderAccount, to: LeadContact, body: string, opts: { at?: Date; attempt?: number } = {}): MessageRequest {
  return {
    action: 'SEND_XMTP_DM',
    idempotencyKey: `wf:dm:1`,
    lead: to,
    sender,
    earlierProviderIds: [],
    at: opts.at ?? new Date(),
    attempt: opts.attempt ?? 1,
    message: { body },
  };
}

export function checkRequest(sender: SenderAccount, of: LeadContact, since: Date, asOf: Date = new Date(), providerIds: string[] = []): CheckRequest {
  return { lead: of, sender, since, asOf, providerIds };
}

/** A fake network, our sender wallet on it, and the adapter wired to both. */
export function xmtpSetup(opts: { env?: Record<string, string>; deps?: Partial<XmtpAdapterDeps>; now?: () => Date } = {}) {
  const network = new FakeXmtpNetwork(opts.now);
  const us = wallet();
  const env = { XMTP_WALLET_KEY: us.key, XMTP_DB_KEY: DB_KEY, ...opts.env };
  const adapter = createXmtpAdapter({ credentials: credentialSource(env), connect: network.connect, ...(opts.now ? { now: opts.now } : {}), ...opts.deps });
  return { network, us, adapter, account: senderAccount(us.address) };
}
