import { randomUUID } from 'node:crypto';
import { credentialSource } from '../../../src/channels/credentials';
import type { CheckRequest, MessageRequest } from '../../../src/channels/types';
import type { LeadContact } from '../../../src/db/people';
import type { SenderAccount } from '../../../src/db/senderAccounts';

export const OUR_ADDRESS = 'alice@outreach.example.com';
export const SMTP_LOGIN = { user: 'alice-smtp', pass: 'smtp-secret-1' };
export const IMAP_LOGIN = { user: 'alice', pass: 'imap-secret-1' };
const UNSUBSCRIBE_SECRET = 'unsubscribe-secret-1';

/** The env the account's credentials_ref points into. */
export const ENV = {
  ALICE_SMTP_USER: SMTP_LOGIN.user,
  ALICE_SMTP_PASS: SMTP_LOGIN.pass,
  ALICE_IMAP_USER: IMAP_LOGIN.user,
  ALICE_IMAP_PASS: IMAP_LOGIN.pass,
  ALICE_UNSUBSCRIBE: UNSUBSCRIBE_SECRET,
};

export const CREDENTIALS_REF = {
  smtpUser: 'env:ALICE_SMTP_USER',
  smtpPass: 'env:ALICE_SMTP_PASS',
  imapUser: 'env:ALICE_IMAP_USER',
  imapPass: 'env:ALICE_IMAP_PASS',
  unsubscribeSecret: 'env:ALICE_UNSUBSCRIBE',
};

export const credentials = (env: Record<string, string> = ENV) => credentialSource(env);

export function emailSettings(ports: { smtp: number; imap?: number }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    address: OUR_ADDRESS,
    fromName: 'Alice Example',
    smtp: { host: '127.0.0.1', port: ports.smtp, secure: false, requireTLS: false },
    ...(ports.imap === undefined ? {} : { imap: { host: '127.0.0.1', port: ports.imap, secure: false, requireTLS: false } }),
    unsubscribe: { url: 'https://outreach.example.com/unsubscribe', mailto: 'unsubscribe@outreach.example.com' },
    ...extra,
  };
}

export function account(settings: Record<string, unknown>, credentialsRef: Record<string, string> = CREDENTIALS_REF): SenderAccount {
  return {
    id: randomUUID(),
    channel: 'email',
    provider: 'smtp-imap',
    handle: OUR_ADDRESS,
    hourlyCap: 100,
    dailyCap: 1000,
    credentialsRef,
    settings,
    status: 'active',
    statusReason: null,
    statusChangedAt: null,
    createdAt: new Date(),
  };
}

/** A lead with a fresh address, or none for `null`. */
export function lead(email: string | null = `rita-${randomUUID().slice(0, 8)}@example.net`): LeadContact {
  return { personId: randomUUID(), ...(email === null ? {} : { email }), variables: { first_name: 'Rita' } };
}

export function sendRequest(sender: SenderAccount, to: LeadContact, opts: Partial<MessageRequest> = {}): MessageRequest {
  return {
    action: 'SEND_EMAIL',
    idempotencyKey: `journey-${randomUUID()}:intro:1`,
    lead: to,
    sender,
    earlierProviderIds: [],
    at: new Date(),
    attempt: 1,
    unsubscribeToken: `u1.token-of.${to.personId}`,
    message: { subject: 'Quick question', body: 'Hi Rita,\n\nHow does your team ship releases?\nThanks,\nAlice' },
    ...opts,
  };
}

export function checkRequest(sender: SenderAccount, to: LeadContact, providerIds: string[], since: Date): CheckRequest {
  return { lead: to, sender, since, asOf: new Date(), providerIds };
}
