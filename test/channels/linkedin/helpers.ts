import { randomUUID } from 'node:crypto';
import { credentialSource } from '../../../src/channels/credentials';
import { createLinkedInGatewayAdapter, LINKEDIN_GATEWAY_PROVIDER } from '../../../src/channels/linkedin/adapter';
import type { CheckRequest, ConnectionRequest, MessageRequest } from '../../../src/channels/types';
import type { LeadContact } from '../../../src/db/people';
import type { SenderAccount } from '../../../src/db/senderAccounts';
import { FakeLinkedInGateway } from '../../support/fakes/linkedin-gateway';

export const API_KEY = 'li-gateway-secret-key';
export const START = Date.parse('2030-03-04T10:00:00.000Z');

/** A fake gateway on its own clock, one account `alice` on it, and the adapter pointed at it. */
export async function setUp(opts: { timeoutMs?: number } = {}) {
  const clock = { ms: START };
  const now = () => new Date(clock.ms);
  const gateway = await FakeLinkedInGateway.start({ now });
  gateway.addAccount('alice', API_KEY);
  const adapter = createLinkedInGatewayAdapter({
    credentials: credentialSource({ LI_GATEWAY_KEY: API_KEY }),
    now,
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
  });
  const sender = senderAccount({ gatewayUrl: gateway.url });
  return { gateway, adapter, sender, clock, advance: (ms: number) => void (clock.ms += ms), now };
}

export function senderAccount(settings: Record<string, unknown>, credentialsRef: Record<string, string> = { apiKey: 'env:LI_GATEWAY_KEY' }): SenderAccount {
  return {
    id: randomUUID(),
    channel: 'linkedin',
    provider: LINKEDIN_GATEWAY_PROVIDER,
    handle: 'alice',
    hourlyCap: 10,
    dailyCap: 50,
    credentialsRef,
    settings,
    status: 'active',
    statusReason: null,
    statusChangedAt: null,
    createdAt: new Date(START),
  };
}

export function lead(slug = `ada-${randomUUID().slice(0, 8)}`): LeadContact {
  return { personId: randomUUID(), linkedinUrl: `https://www.linkedin.com/in/${slug}`, variables: {} };
}

export function invite(sender: SenderAccount, to: LeadContact, note?: string, key: string = randomUUID(), attempt = 1): ConnectionRequest {
  return {
    action: 'SEND_CONNECTION_REQUEST',
    idempotencyKey: key,
    lead: to,
    sender,
    earlierProviderIds: [],
    at: new Date(START),
    attempt,
    ...(note === undefined ? {} : { message: { body: note } }),
  };
}

export function dm(sender: SenderAccount, to: LeadContact, body: string, key: string = randomUUID(), attempt = 1): MessageRequest {
  return { action: 'SEND_LINKEDIN_DM', idempotencyKey: key, lead: to, sender, earlierProviderIds: [], at: new Date(START), attempt, message: { body } };
}

export function checkOf(sender: SenderAccount, to: LeadContact, providerIds: string[], since: Date, asOf: Date): CheckRequest {
  return { lead: to, sender, since, asOf, providerIds };
}

/** The error an operation throws; fails the test when it does not throw. */
export async function failureOf(work: () => Promise<unknown>): Promise<Error> {
  try {
    await work();
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected the operation to fail');
}
