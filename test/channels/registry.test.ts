import assert from 'node:assert/strict';
import { check, send } from '../../src/channels/dispatch';
import { MissingSetupError } from '../../src/channels/errors';
import { channelRegistry } from '../../src/channels/registry';
import { sandboxChannels } from '../../src/channels/sandbox';
import type { ChannelAdapter, CheckRequest, SendRequest, SendResult } from '../../src/channels/types';
import type { SenderAccount } from '../../src/db/senderAccounts';
import { ACTION_CHANNEL, ACTIONS, CHANNELS, type Action, type Channel, type Observation } from '../../src/sequences/model';
import { testDb } from '../support/database';

/** A provider on every channel that answers each call with the name of the adapter and operation it reached. */
function namingProvider(provider: string, reached: string[], opts: { reads?: boolean } = {}): ChannelAdapter[] {
  const sent = (channel: Channel, operation: string) => async (): Promise<SendResult> => {
    reached.push(`${provider} ${channel} ${operation}`);
    return { providerId: `${provider}-${operation}`, sentAt: new Date(0) };
  };
  const seen = (channel: Channel, observation: Observation) => async (request: CheckRequest) => {
    reached.push(`${provider} ${channel} ${observation}`);
    return { observation, at: request.asOf, providerId: `${provider}-${observation}` };
  };
  const read = (channel: Channel) => (opts.reads === false ? {} : { checkRead: seen(channel, 'read') });
  return [
    {
      channel: 'x', provider, follow: sent('x', 'follow'), unfollow: sent('x', 'unfollow'), sendDm: sent('x', 'sendDm'),
      checkFollowedBack: seen('x', 'followed_back'), checkReplied: seen('x', 'replied'), ...read('x'),
    },
    { channel: 'email', provider, sendEmail: sent('email', 'sendEmail'), checkReplied: seen('email', 'replied'), ...read('email') },
    {
      channel: 'linkedin', provider, sendConnectionRequest: sent('linkedin', 'sendConnectionRequest'), sendDm: sent('linkedin', 'sendDm'),
      checkConnectionAccepted: seen('linkedin', 'connection_accepted'), checkRepliedToNote: seen('linkedin', 'replied_to_note'),
      checkReplied: seen('linkedin', 'replied'), ...read('linkedin'),
    },
    { channel: 'xmtp', provider, sendDm: sent('xmtp', 'sendDm'), checkReplied: seen('xmtp', 'replied'), ...read('xmtp') },
  ];
}

function sender(channel: Channel, provider: string): SenderAccount {
  return {
    id: '1', channel, provider, handle: 'alice', hourlyCap: 10, dailyCap: 100, credentialsRef: {}, settings: {},
    status: 'active', statusReason: null, statusChangedAt: null, createdAt: new Date(0),
  };
}

const LEAD = { personId: '1', variables: {} };
const SENDS = ACTIONS.filter((a): a is Exclude<Action, 'CHECK_FOR_REPLY'> => ACTION_CHANNEL[a] !== null);

function sendRequest(action: Action, account: SenderAccount): SendRequest {
  return { action, idempotencyKey: `wf:${action}:1`, lead: LEAD, sender: account, earlierProviderIds: [], at: new Date(0), attempt: 1 };
}

function checkRequest(account: SenderAccount): CheckRequest {
  return { lead: LEAD, sender: account, since: new Date(0), asOf: new Date(1000), providerIds: [] };
}

async function missingSetup(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
  } catch (error) {
    if (error instanceof MissingSetupError) return error.message;
    throw error;
  }
  throw new Error('no MissingSetupError');
}

describe('channel registry: the adapter of a sender account is found by channel and provider', () => {
  const reached: string[] = [];
  const registry = channelRegistry([...namingProvider('alpha', reached), ...namingProvider('beta', reached)]);
  beforeEach(() => reached.splice(0));

  const OPERATION: Record<(typeof SENDS)[number], string> = {
    FOLLOW_ON_TWITTER: 'follow',
    UNFOLLOW_ON_TWITTER: 'unfollow',
    SEND_TWITTER_DM: 'sendDm',
    SEND_EMAIL: 'sendEmail',
    SEND_CONNECTION_REQUEST: 'sendConnectionRequest',
    SEND_LINKEDIN_DM: 'sendDm',
    SEND_XMTP_DM: 'sendDm',
  };
  for (const action of SENDS) {
    const channel = ACTION_CHANNEL[action] as Channel;
    it(`${action} goes to ${OPERATION[action]} of the ${channel} adapter of the provider the sender names, which the result names`, async () => {
      const result = await send(registry, sendRequest(action, sender(channel, 'beta')), { body: 'Hi' });
      assert.deepEqual(reached, [`beta ${channel} ${OPERATION[action]}`]);
      assert.deepEqual(result, { providerId: `beta-${OPERATION[action]}`, sentAt: new Date(0), provider: 'beta' });
    });
  }

  it('checks each outcome on the channel that can see it, with the provider the sender names', async () => {
    const cases: [Channel, Observation, string][] = [
      ['x', 'followed_back', 'alpha x followed_back'],
      ['linkedin', 'connection_accepted', 'alpha linkedin connection_accepted'],
      ['linkedin', 'replied_to_note', 'alpha linkedin replied_to_note'],
      ...CHANNELS.flatMap((channel): [Channel, Observation, string][] => [
        [channel, 'replied', `alpha ${channel} replied`],
        [channel, 'read', `alpha ${channel} read`],
      ]),
    ];
    for (const [channel, observation] of cases) {
      const outcome = await check(registry, channel, observation, checkRequest(sender(channel, 'alpha')));
      assert.deepEqual(outcome, { observation, at: new Date(1000), providerId: `alpha-${observation}` });
    }
    assert.deepEqual(reached, cases.map(([, , expected]) => expected));
  });

  it('reports no read where the provider cannot tell, without failing the check', async () => {
    const blind = channelRegistry(namingProvider('blind', reached, { reads: false }));
    assert.equal(await check(blind, 'email', 'read', checkRequest(sender('email', 'blind'))), undefined);
    assert.deepEqual(reached, []);
  });

  it('refuses a send with a MissingSetupError naming the provider this worker does not run and the ones it does', async () => {
    const message = await missingSetup(() => send(registry, sendRequest('SEND_EMAIL', sender('email', 'x-api')), { body: 'Hi' }));
    assert.equal(message, 'sender account email:alice names provider "x-api"; this worker runs alpha, beta');
    assert.deepEqual(reached, []);
  });

  it('refuses a channel with no adapter at all, naming the channel', async () => {
    const xOnly = channelRegistry(namingProvider('alpha', reached).filter((a) => a.channel === 'x'));
    assert.deepEqual(CHANNELS.map((c) => xOnly.hasChannel(c)), [true, false, false, false]);
    const message = await missingSetup(() => check(xOnly, 'email', 'replied', checkRequest(sender('email', 'alpha'))));
    assert.equal(message, 'no adapter is configured for channel "email"');
  });

  it('refuses two adapters for one provider on one channel, and takes one provider on every channel', () => {
    assert.throws(
      () => channelRegistry([...namingProvider('alpha', reached), ...namingProvider('alpha', reached).filter((a) => a.channel === 'xmtp')]),
      { message: 'two adapters for provider "alpha" on channel xmtp' },
    );
    assert.deepEqual(CHANNELS.map((c) => channelRegistry(namingProvider('alpha', reached)).hasChannel(c)), [true, true, true, true]);
  });

  it('refuses a message action without its message, before any provider is called', async () => {
    await assert.rejects(send(registry, sendRequest('SEND_XMTP_DM', sender('xmtp', 'alpha')), undefined), {
      message: 'SEND_XMTP_DM needs a rendered message',
    });
    assert.deepEqual(reached, []);
  });

  it('a sandbox-only worker answers every sender account with the sandbox, whatever provider it names', async () => {
    const sandbox = sandboxChannels(await testDb());
    for (const channel of CHANNELS) {
      assert.equal(sandbox.hasChannel(channel), true);
      const adapter = sandbox.adapterFor(channel, sender(channel, 'smtp-imap'));
      assert.deepEqual([adapter.channel, adapter.provider], [channel, 'sandbox']);
    }
  });
});
