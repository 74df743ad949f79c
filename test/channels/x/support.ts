import type { Knex } from 'knex';
import { credentialSource } from '../../../src/channels/credentials';
import type { CheckRequest, MessageRequest, SendRequest } from '../../../src/channels/types';
import { createXAdapter, X_PROVIDER } from '../../../src/channels/x/adapter';
import { getLeadContact, type LeadContact } from '../../../src/db/people';
import type { SenderAccount } from '../../../src/db/senderAccounts';
import type { FakeXApi } from '../../support/fakes/x-api';
import { uniqueName } from '../../support/journeys';
import { insertPerson } from '../../support/persons';

let lastId = 4_000_000;
export const nextUserId = () => String(++lastId);

const OAUTH1_REFS = {
  appKey: 'env:X_APP_KEY',
  appSecret: 'env:X_APP_SECRET',
  accessToken: 'env:X_ACCESS_TOKEN',
  accessSecret: 'env:X_ACCESS_SECRET',
};

export const ENV = { X_APP_KEY: 'app-key', X_APP_SECRET: 'app-secret', X_ACCESS_TOKEN: 'alice-token', X_ACCESS_SECRET: 'alice-secret', X_OAUTH2: 'alice-oauth2' };

export function senderAccount(over: Partial<SenderAccount> = {}): SenderAccount {
  return {
    id: uniqueName('acct'),
    channel: 'x',
    provider: X_PROVIDER,
    handle: 'alice',
    hourlyCap: 100,
    dailyCap: 1000,
    credentialsRef: OAUTH1_REFS,
    settings: {},
    status: 'active',
    statusReason: null,
    statusChangedAt: null,
    createdAt: new Date(),
    ...over,
  };
}

/** The sender (alice, behind ENV's tokens) and the adapter pointed at the fake. */
export function wire(fake: FakeXApi, db: Knex, opts: { now?: () => Date; timeoutMs?: number; env?: Record<string, string> } = {}) {
  const alice = fake.addUser({ id: nextUserId(), username: 'alice' });
  fake.grant(ENV.X_ACCESS_TOKEN, alice.id);
  fake.grant(ENV.X_OAUTH2, alice.id);
  const adapter = createXAdapter({
    credentials: credentialSource(opts.env ?? ENV),
    db,
    apiRoot: fake.url,
    timeoutMs: opts.timeoutMs ?? 2000,
    ...(opts.now ? { now: opts.now } : {}),
  });
  return { alice, adapter };
}

/** A person in the identity graph with an X account on the fake, known by handle only unless `knownId`. */
export async function leadOnX(db: Knex, fake: FakeXApi, opts: { knownId?: boolean; dmsOpen?: boolean; onX?: boolean } = {}) {
  const username = uniqueName('lead').replace('-', '_');
  const user = fake.addUser({ id: nextUserId(), username, dmsOpen: opts.dmsOpen ?? true });
  if (opts.onX === false) fake.users.delete(user.id);
  const personId = await insertPerson(db, { firstName: 'Lea', xHandle: username, ...(opts.knownId ? { xUserId: user.id } : {}) });
  return { user, personId, contact: await getLeadContact(db, personId) };
}

export function sendRequest(lead: LeadContact, sender: SenderAccount, over: Partial<SendRequest> = {}): SendRequest {
  return {
    action: 'FOLLOW_ON_TWITTER',
    idempotencyKey: uniqueName('wf') + ':follow:1',
    lead,
    sender,
    earlierProviderIds: [],
    at: new Date(),
    attempt: 1,
    ...over,
  };
}

export function dmRequest(lead: LeadContact, sender: SenderAccount, body: string, over: Partial<MessageRequest> = {}): MessageRequest {
  return { ...sendRequest(lead, sender, { action: 'SEND_TWITTER_DM' }), message: { body }, ...over };
}

export function checkRequest(lead: LeadContact, sender: SenderAccount, since: Date, over: Partial<CheckRequest> = {}): CheckRequest {
  return { lead, sender, since, asOf: new Date(), providerIds: [], ...over };
}
