import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { credentialSource } from '../../src/channels/credentials';
import { send } from '../../src/channels/dispatch';
import { createEmailAdapter, type EmailAdapter } from '../../src/channels/email/adapter';
import { RecipientUnreachableError } from '../../src/channels/errors';
import { createLinkedInGatewayAdapter } from '../../src/channels/linkedin/adapter';
import { recipientShortfall } from '../../src/channels/recipients';
import { channelRegistry } from '../../src/channels/registry';
import { sandboxChannels } from '../../src/channels/sandbox';
import type { ChannelRegistry, SendRequest } from '../../src/channels/types';
import { createXAdapter } from '../../src/channels/x/adapter';
import { getLeadContact } from '../../src/db/people';
import type { SenderAccount } from '../../src/db/senderAccounts';
import { ACTION_CHANNEL, ACTIONS, CHANNELS, type Action, type Channel } from '../../src/sequences/model';
import { testDb } from '../support/database';
import { insertPerson, type NewPerson } from '../support/persons';
import { createLead, ensureSandboxSenders, uniqueEthereumAddress, uniqueName, uniqueXHandle } from '../support/journeys';
import * as email from './email/fixtures';
import * as linkedin from './linkedin/helpers';
import * as x from './x/support';
import { xmtpSetup } from './xmtp/helpers';

/** Nothing listens here: a lead the adapter accepts fails at the provider, with a retryable error. */
const CLOSED = 'http://127.0.0.1:1';

type Outcome = { refused: string } | 'past the recipient check';

async function outcomeOf(work: () => Promise<unknown>): Promise<Outcome> {
  try {
    await work();
  } catch (error) {
    if (error instanceof RecipientUnreachableError) return { refused: error.message };
  }
  return 'past the recipient check';
}

const SENDS = ACTIONS.filter((a): a is Exclude<Action, 'CHECK_FOR_REPLY'> => ACTION_CHANNEL[a] !== null);

interface LeadCase {
  title: string;
  person: (u: string) => NewPerson;
  /** Whether the channel can address this lead (then only the provider can refuse it). */
  addressable: boolean;
}

const ok = (title: string, person: LeadCase['person']): LeadCase => ({ title, person, addressable: true });
const refused = (title: string, person: LeadCase['person']): LeadCase => ({ title, person, addressable: false });

/** Each channel's leads: ones the adapter addresses, and one for every refusal it makes before a provider call. */
function leadsFor(channel: Channel): LeadCase[] {
  switch (channel) {
    case 'x':
      return [
        ok('a valid handle', () => ({ xHandle: uniqueXHandle() })),
        ok('a known user id', () => ({ xUserId: String(Math.floor(Math.random() * 1e15)) })),
        refused('neither id nor handle', () => ({ email: `${uniqueName('nox')}@example.test` })),
        refused('a user id that is not digits', (u) => ({ xUserId: `id-${u}` })),
        refused('a handle with a dash', (u) => ({ xHandle: `ada-${u}` })),
        refused('a handle longer than 15 characters', (u) => ({ xHandle: `ada_lovelace_${u}` })),
        refused('a profile URL instead of a handle', (u) => ({ xHandle: `x.com/ada_${u}` })),
      ];
    case 'email':
      return [
        ok('a valid address', (u) => ({ email: `ada.${u}@example.test` })),
        refused('no address', () => ({ xHandle: uniqueXHandle() })),
        refused('an address without a domain', (u) => ({ email: `ada.${u}@` })),
        refused('an address without a top-level domain', (u) => ({ email: `ada.${u}@localhost` })),
        refused('two addresses in one', (u) => ({ email: `ada.${u}@example.test, eve@example.test` })),
      ];
    case 'linkedin':
      return [
        ok('a profile URL', (u) => ({ linkedinUrl: `https://www.linkedin.com/in/ada-${u}` })),
        refused('no profile URL', () => ({ xHandle: uniqueXHandle() })),
      ];
    case 'xmtp':
      return [
        ok('an Ethereum address', () => ({ crypto: { chain: 'ethereum', address: uniqueEthereumAddress() } })),
        refused('no crypto address', () => ({ xHandle: uniqueXHandle() })),
        refused('a Solana address', (u) => ({ crypto: { chain: 'solana', address: `7EcDhSYGxXyscszYEp35KHN8vvw3sv${u}` } })),
        refused('a short hex address', (u) => ({ crypto: { chain: 'ethereum', address: `0x12${u}` } })),
        refused('39 hex digits', () => ({ crypto: { chain: 'ethereum', address: uniqueEthereumAddress().slice(0, 41) } })),
      ];
  }
}

describe('the sandbox refuses exactly the leads the real adapters refuse', function () {
  this.timeout(60_000);
  let db: Knex;
  let sandbox: ChannelRegistry;
  const xmtp = xmtpSetup();
  let real: ChannelRegistry;
  let realEmail: EmailAdapter | undefined;
  const senders = {} as Record<Channel, SenderAccount>;
  const sandboxIds = {} as Record<Channel, string>;

  before(async () => {
    db = await testDb();
    await ensureSandboxSenders(db);
    for (const row of await db('sender_accounts').where({ provider: 'sandbox' }).whereLike('handle', 'sandbox-%').select('id', 'channel', 'handle')) {
      if (row.handle === `sandbox-${row.channel}`) sandboxIds[row.channel as Channel] = String(row.id);
    }
    sandbox = sandboxChannels(db);
    realEmail = createEmailAdapter({ credentials: email.credentials() });
    real = channelRegistry([
      createXAdapter({ credentials: credentialSource(x.ENV), db, apiRoot: CLOSED, timeoutMs: 2000 }),
      realEmail,
      createLinkedInGatewayAdapter({ credentials: credentialSource({ LI_GATEWAY_KEY: linkedin.API_KEY }), timeoutMs: 2000 }),
      xmtp.adapter,
    ]);
    senders.x = x.senderAccount();
    senders.email = email.account(email.emailSettings({ smtp: 1 }));
    senders.linkedin = linkedin.senderAccount({ gatewayUrl: CLOSED });
    senders.xmtp = xmtp.account;
  });
  after(() => realEmail?.close());

  for (const action of SENDS) {
    const channel = ACTION_CHANNEL[action] as Channel;
    describe(`${action} (${channel})`, () => {
      for (const { title, person, addressable } of leadsFor(channel)) {
        it(`a lead with ${title}: ${addressable ? 'both go on to the provider' : 'both refuse it, with the same message'}`, async () => {
          const u = randomUUID().slice(0, 8);
          const personId = await insertPerson(db, { firstName: 'Ada', ...person(u) });
          const lead = await getLeadContact(db, personId);
          if (lead.cryptoAddress) xmtp.network.register(lead.cryptoAddress);
          const request = (sender: SenderAccount): SendRequest => ({
            action,
            idempotencyKey: `${uniqueName('wf')}:${action}:1`,
            lead,
            sender,
            earlierProviderIds: [],
            at: new Date(),
            attempt: 1,
          });
          const message = { subject: 'Hello', body: 'Hi Ada' };
          const sandboxRequest = request({ ...senders[channel], id: sandboxIds[channel] });

          const byReal = await outcomeOf(() => send(real, request(senders[channel]), message));
          const bySandbox = await outcomeOf(() => send(sandbox, sandboxRequest, message));
          assert.deepEqual(bySandbox, byReal);

          const recorded = await db('sandbox_outbox').where({ idempotency_key: sandboxRequest.idempotencyKey }).count<{ n: string }[]>({ n: '*' });
          assert.equal(Number(recorded[0]?.n), byReal === 'past the recipient check' ? 1 : 0);
          if (addressable) assert.equal(byReal, 'past the recipient check');
          else assert.match((byReal as { refused: string }).refused, /^sender account [a-z]+:\S+: cannot reach the lead on (X|email|LinkedIn|XMTP): they have /);
        });
      }
    });
  }

  it('the default lead of the journey tests is addressable on every channel', async () => {
    const lead = await getLeadContact(db, await createLead(db));
    assert.deepEqual(CHANNELS.map((c) => [c, recipientShortfall(c, lead)]), CHANNELS.map((c) => [c, undefined]));
  });

  it('names the channel and what the lead lacks, in the words the journey records', async () => {
    const personId = await insertPerson(db, { firstName: 'Ada', xHandle: uniqueXHandle() });
    const lead = await getLeadContact(db, personId);
    const request = { action: 'SEND_EMAIL' as const, idempotencyKey: `${uniqueName('wf')}:email:1`, lead, earlierProviderIds: [], at: new Date(), attempt: 1 };
    const outcome = await outcomeOf(() => send(sandbox, { ...request, sender: { ...senders.email, id: sandboxIds.email } }, { body: 'Hi' }));
    assert.deepEqual(outcome, { refused: 'sender account email:alice@outreach.example.com: cannot reach the lead on email: they have no email address' });
  });
});
