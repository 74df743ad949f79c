import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { credentialSource } from '../../../src/channels/credentials';
import { XMTP_PROVIDER } from '../../../src/channels/xmtp/adapter';
import { eventSourcesOf } from '../../../src/db/event-sources';
import { getSenderAccount, upsertSenderAccount, type SenderAccount } from '../../../src/db/senderAccounts';
import { supervise, type Supervised } from '../../../src/ingest/listeners/supervise';
import { xmtpStreamListener } from '../../../src/ingest/listeners/xmtp-stream';
import { testDb } from '../../support/database';
import { FakeXmtpNetwork } from '../../support/fakes/xmtp-sdk';
import { DB_KEY, wallet, type Wallet } from '../../channels/xmtp/helpers';
import { FAST_BACKOFF, Heard, until } from './harness';

describe('XMTP stream listener (through the SDK boundary fake)', function () {
  this.timeout(60_000);
  let db: Knex;
  let running: Supervised | undefined;
  before(async () => {
    db = await testDb();
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  async function setup() {
    const network = new FakeXmtpNetwork();
    const us = wallet();
    const id = await upsertSenderAccount(db, {
      channel: 'xmtp',
      provider: XMTP_PROVIDER,
      handle: us.address,
      hourlyCap: 10,
      dailyCap: 100,
      credentialsRef: { walletKey: 'env:XMTP_WALLET_KEY', dbEncryptionKey: 'env:XMTP_DB_KEY' },
      settings: { env: 'dev' },
    });
    const account = (await getSenderAccount(db, id))!;
    return { network, us, account, credentials: credentialSource({ XMTP_WALLET_KEY: us.key, XMTP_DB_KEY: DB_KEY }) };
  }

  async function listen(setup: { network: FakeXmtpNetwork; account: SenderAccount; credentials: ReturnType<typeof credentialSource> }, heard: Heard) {
    running = supervise(xmtpStreamListener(setup.account, { db, deliver: heard.deliver, credentials: setup.credentials, connect: setup.network.listen }), {
      db,
      log: heard.log,
      backoff: FAST_BACKOFF,
    });
    await until('the listener is connected and streaming', async () => {
      const [source] = await eventSourcesOf(db, [setup.account.id]);
      return source?.state === 'connected' && setup.network.openStreams > 0;
    });
  }

  const texts = (heard: Heard, network: FakeXmtpNetwork, them: Wallet, us: Wallet) => {
    const byId = new Map(network.conversation(them.address, us.address).map((m) => [m.id, m.content]));
    return heard.events.map((e) => byId.get(e.providerEventId));
  };

  it('streams the lead\'s messages as events and drops our own and read receipts', async () => {
    const s = await setup();
    const heard = new Heard();
    await listen(s, heard);
    const them = wallet();

    const gm = s.network.sendAs(them.address, s.us.address, 'gm, tell me more');
    s.network.sendAs(s.us.address, them.address, 'our own message');
    s.network.sendAs(them.address, s.us.address, { readReceipt: true });
    const last = s.network.sendAs(them.address, s.us.address, 'still here');
    await until('both messages from the lead are delivered', () => heard.events.length >= 2);

    assert.deepEqual(texts(heard, s.network, them, s.us), ['gm, tell me more', 'still here']);
    const [event] = heard.events;
    assert.deepEqual(
      { origin: event?.origin, type: event?.type, providerEventId: event?.providerEventId, from: event?.from, senderAccountId: event?.senderAccountId, occurredAt: event?.occurredAt },
      { origin: 'xmtp', type: 'xmtp.message.received', providerEventId: gm.id, from: { walletAddress: them.address }, senderAccountId: s.account.id, occurredAt: gm.sentAt.toISOString() },
    );
    assert.equal(heard.events[1]?.providerEventId, last.id);
    assert.deepEqual(heard.events.map((e) => e.text), ['gm, tell me more', 'still here'], 'each event carries its text');
    assert.ok(!JSON.stringify(heard.logs).includes('tell me more'), 'no message text in the logs');
  });

  it('backfills from the watermark after the stream fails, delivering each message once', async () => {
    const s = await setup();
    const heard = new Heard();
    await listen(s, heard);
    const them = wallet();
    s.network.sendAs(them.address, s.us.address, 'before');
    await until('the first message is delivered', () => heard.events.length === 1);

    // The stream fails and the next connect is held: what is sent meanwhile only backfill can find.
    let release: () => void = () => undefined;
    s.network.connectDelay = new Promise<void>((resolve) => (release = resolve));
    s.network.dropStreams();
    await until('the listener reports the drop', () => heard.logged('listener disconnected; reconnecting'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    s.network.sendAs(them.address, s.us.address, 'while the stream was down');
    s.network.sendAs(s.us.address, them.address, 'ours, while down');
    s.network.connectDelay = undefined;
    release();

    await until('the message sent while down is backfilled', () => heard.events.length === 2);
    s.network.sendAs(them.address, s.us.address, 'after');
    await until('the stream goes on after the backfill', () => heard.events.length === 3);
    assert.deepEqual(texts(heard, s.network, them, s.us), ['before', 'while the stream was down', 'after']);
    assert.equal(new Set(heard.events.map((e) => e.providerEventId)).size, 3);
  });

  it('backfills, on a new start, what was sent while no listener ran', async () => {
    const s = await setup();
    const first = new Heard();
    await listen(s, first);
    const them = wallet();
    s.network.sendAs(them.address, s.us.address, 'heard by the first');
    await until('the first listener delivers', () => first.events.length === 1);
    await running?.stop();
    running = undefined;
    await new Promise((resolve) => setTimeout(resolve, 5));

    s.network.sendAs(them.address, s.us.address, 'sent while stopped');
    const second = new Heard();
    await listen(s, second);
    await until('the second listener backfills', () => second.events.length === 1);
    assert.deepEqual(texts(second, s.network, them, s.us), ['sent while stopped']);
  });
});
