import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { credentialSource } from '../../../src/channels/credentials';
import { X_PROVIDER } from '../../../src/channels/x/adapter';
import { XMTP_PROVIDER } from '../../../src/channels/xmtp/adapter';
import { eventSourcesOf } from '../../../src/db/event-sources';
import { setSenderAccountStatus, upsertSenderAccount } from '../../../src/db/senderAccounts';
import { startListeners, type RunningListeners } from '../../../src/ingest/listeners/start';
import { isolatedDb } from '../../support/database';
import { FakeXApi } from '../../support/fakes/x-api';
import { FakeXmtpNetwork } from '../../support/fakes/xmtp-sdk';
import { DB_KEY, wallet } from '../../channels/xmtp/helpers';
import { FAST_BACKOFF, Heard, until } from './harness';

describe('startListeners: one supervised listener per active account', function () {
  this.timeout(60_000);
  let db: Knex;
  let x: FakeXApi;
  let listeners: RunningListeners | undefined;
  before(async () => {
    [db, x] = await Promise.all([isolatedDb(), FakeXApi.start()]);
    x.grantApp('app-token');
  });
  afterEach(async () => {
    await listeners?.stop();
    listeners = undefined;
  });
  after(async () => {
    await x?.close();
  });

  const stateOf = async (id: string) => (await eventSourcesOf(db, [id])).map((s) => `${s.kind} ${s.state}${s.lastError ? ` (${s.lastError})` : ''}`);

  it('starts listeners for the accounts that have the settings, follows pauses and resumes, and stops them all', async () => {
    const network = new FakeXmtpNetwork();
    const us = wallet();
    const xmtp = await upsertSenderAccount(db, {
      channel: 'xmtp',
      provider: XMTP_PROVIDER,
      handle: us.address,
      hourlyCap: 10,
      dailyCap: 100,
      credentialsRef: { walletKey: 'env:XMTP_WALLET_KEY', dbEncryptionKey: 'env:XMTP_DB_KEY' },
      settings: { env: 'dev' },
    });
    const xAccount = await upsertSenderAccount(db, {
      channel: 'x',
      provider: X_PROVIDER,
      handle: 'alice',
      hourlyCap: 10,
      dailyCap: 100,
      credentialsRef: { oauth2UserToken: 'env:X_TOKEN' },
      settings: { userId: '42' },
    });
    const noImap = await upsertSenderAccount(db, {
      channel: 'email',
      provider: 'smtp-imap',
      handle: 'no-imap@example.com',
      hourlyCap: 10,
      dailyCap: 100,
      settings: { address: 'no-imap@example.com', smtp: { host: '127.0.0.1', port: 2525, secure: false, requireTLS: false } },
    });
    const sandbox = await upsertSenderAccount(db, { channel: 'email', provider: 'sandbox', handle: 'sandbox@example.com', hourlyCap: 10, dailyCap: 100 });

    const heard = new Heard();
    listeners = startListeners({
      db,
      deliver: heard.deliver,
      log: heard.log,
      credentials: credentialSource({ XMTP_WALLET_KEY: us.key, XMTP_DB_KEY: DB_KEY }),
      backoff: FAST_BACKOFF,
      refreshMs: 3_600_000,
      xmtpConnect: network.listen,
      x: { bearerToken: 'app-token', apiRoot: x.url },
    });
    await until('the XMTP and X listeners are connected', async () =>
      (await stateOf(xmtp)).includes('xmtp-stream connected') && (await stateOf(xAccount)).includes('x-activity-stream connected'),
    );
    assert.deepEqual([await stateOf(noImap), await stateOf(sandbox)], [[], []]);

    await setSenderAccountStatus(db, xmtp, 'paused', 'by a test');
    await listeners.refresh();
    assert.deepEqual(await stateOf(xmtp), ['xmtp-stream disconnected (listener stopped)']);
    assert.equal(network.openStreams, 0);

    await setSenderAccountStatus(db, xmtp, 'active', null);
    await listeners.refresh();
    await until('the resumed account listens again', async () => (await stateOf(xmtp)).includes('xmtp-stream connected'));

    await listeners.stop();
    listeners = undefined;
    assert.deepEqual(await stateOf(xmtp), ['xmtp-stream disconnected (listener stopped)']);
    assert.deepEqual(await stateOf(xAccount), ['x-activity-stream disconnected (listener stopped)']);
    await until('the X stream is closed at the server too', () => x.openActivityStreams === 0);
    const changes = heard.logs.filter((l) => /^listener (connected|stopped)$/.test(l.message)).map((l) => `${l.message} ${l.listener}`);
    assert.deepEqual(changes.sort(), [
      'listener connected x-activity-stream',
      'listener connected xmtp-stream',
      'listener connected xmtp-stream',
      'listener stopped x-activity-stream',
      'listener stopped xmtp-stream',
      'listener stopped xmtp-stream',
    ]);
  });
});
