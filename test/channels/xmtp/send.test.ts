import assert from 'node:assert/strict';
import { RateLimitedError, RecipientUnreachableError, SenderAccountError } from '../../../src/channels/errors';
import { XMTP_RATE_WINDOW_MS } from '../../../src/channels/xmtp/failures';
import { credentialSource } from '../../../src/channels/credentials';
import { createXmtpAdapter } from '../../../src/channels/xmtp/adapter';
import { FakeXmtpNetwork, SDK_ERRORS, sdkError } from '../../support/fakes/xmtp-sdk';
import { DB_KEY, dmRequest, lead, senderAccount, wallet, xmtpSetup, type Wallet } from './helpers';

function failsWith(type: new (...args: never[]) => Error, pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  };
}

describe('XMTP adapter: sendDm', () => {
  it('sends the text into a new DM with the lead and returns the message id', async () => {
    const { network, us, adapter, account } = xmtpSetup();
    const them = wallet();
    network.register(them.address);

    const sent = await adapter.sendDm(dmRequest(account, lead(them.address), 'gm Ada'));

    const messages = network.conversation(us.address, them.address);
    assert.deepEqual(messages.map((m) => [m.id, m.content, m.senderInboxId]), [[sent.providerId, 'gm Ada', network.inboxIdOf(us.address)]]);
    assert.ok(sent.sentAt instanceof Date);
  });

  it('finds the existing DM for a second message, and opens one client per account', async () => {
    const { network, us, adapter, account } = xmtpSetup();
    const them = wallet();
    network.register(them.address);
    const to = lead(them.address.toUpperCase().replace('0X', '0x'));

    await adapter.sendDm(dmRequest(account, to, 'first'));
    await adapter.sendDm(dmRequest(account, to, 'second'));

    assert.deepEqual(network.conversation(us.address, them.address).map((m) => m.content), ['first', 'second']);
    assert.equal(network.connects.length, 1);
    assert.equal(network.connects[0]?.address, us.address);
  });

  it('opens a new client when the account\'s secret changes', async () => {
    const { network, adapter, account } = xmtpSetup();
    const them = wallet();
    network.register(them.address);
    await adapter.sendDm(dmRequest(account, lead(them.address), 'one'));
    const moved = senderAccount(account.handle, { id: account.id, settings: { env: 'dev', dbPath: '/var/lib/outreach/xmtp' } });
    await adapter.sendDm(dmRequest(moved, lead(them.address), 'two'));
    assert.deepEqual(network.connects.map((c) => c.dbPath), [undefined, '/var/lib/outreach/xmtp']);
  });

  describe('recipients it cannot reach', () => {
    it('a lead without a crypto address', async () => {
      const { adapter, account } = xmtpSetup();
      await assert.rejects(adapter.sendDm(dmRequest(account, lead(undefined), 'hi')), failsWith(RecipientUnreachableError, /: cannot reach the lead on XMTP: they have no crypto address$/));
    });

    it('a lead whose crypto address is not an Ethereum address', async () => {
      const { adapter, account } = xmtpSetup();
      const solana = '7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV';
      await assert.rejects(adapter.sendDm(dmRequest(account, lead(solana), 'hi')), failsWith(RecipientUnreachableError, /: cannot reach the lead on XMTP: they have a crypto address that is not an Ethereum address \(0x and 40 hex digits\)$/));
    });

    it('a lead whose address has no XMTP inbox, before any DM is opened', async () => {
      const { network, us, adapter, account } = xmtpSetup();
      const them = wallet();
      const to = lead(them.address);
      await assert.rejects(adapter.sendDm(dmRequest(account, to, 'hi')), failsWith(RecipientUnreachableError, new RegExp(`xmtp:${us.address}: lead ${to.personId} is not on XMTP`)));
      network.register(them.address);
      assert.deepEqual(network.conversation(us.address, them.address), []);
    });
  });

  describe('a retried send (attempt > 1)', () => {
    it('publishes the message an earlier attempt stored but failed to publish, instead of sending it again', async () => {
      const { network, us, adapter, account } = xmtpSetup();
      const them = wallet();
      network.register(them.address);
      const at = new Date();
      network.failNext('publish', sdkError(SDK_ERRORS.unavailable));

      await assert.rejects(adapter.sendDm(dmRequest(account, lead(them.address), 'gm', { at })), failsWith(Error, /sendText failed/));
      assert.deepEqual(network.conversation(us.address, them.address), []);
      const retried = await adapter.sendDm(dmRequest(account, lead(them.address), 'gm', { at, attempt: 2 }));

      const messages = network.conversation(us.address, them.address);
      assert.deepEqual(messages.map((m) => [m.id, m.content]), [[retried.providerId, 'gm']]);
    });

    it('returns the message an earlier attempt published when its answer was lost', async () => {
      const { network, us, adapter, account } = xmtpSetup();
      const them = wallet();
      network.register(them.address);
      const at = new Date();
      network.failNext('answerLost', sdkError(SDK_ERRORS.unavailable));

      await assert.rejects(adapter.sendDm(dmRequest(account, lead(them.address), 'gm', { at })));
      const retried = await adapter.sendDm(dmRequest(account, lead(them.address), 'gm', { at, attempt: 2 }));

      assert.deepEqual(network.conversation(us.address, them.address).map((m) => m.id), [retried.providerId]);
    });

    it('sends when the earlier attempt sent nothing, and ignores the same text sent long before', async () => {
      let clock = Date.now() - 3_600_000;
      const { network, us, adapter, account } = xmtpSetup({ now: () => new Date(clock) });
      const them = wallet();
      network.register(them.address);
      const earlier = await adapter.sendDm(dmRequest(account, lead(them.address), 'gm', { at: new Date(clock) }));
      clock = Date.now();
      const at = new Date(clock);
      network.failNext('sendText', sdkError(SDK_ERRORS.unavailable));

      await assert.rejects(adapter.sendDm(dmRequest(account, lead(them.address), 'gm', { at })));
      const retried = await adapter.sendDm(dmRequest(account, lead(them.address), 'gm', { at, attempt: 2 }));

      assert.notEqual(retried.providerId, earlier.providerId);
      assert.equal(network.conversation(us.address, them.address).length, 2);
    });
  });

  describe('provider failures', () => {
    it('network unavailable: a plain Error naming the account, the call and the gRPC status', async () => {
      const { network, us, adapter, account } = xmtpSetup();
      const them = wallet();
      network.register(them.address);
      network.failNext('canMessage', sdkError(SDK_ERRORS.unavailable));
      await assert.rejects(adapter.sendDm(dmRequest(account, lead(them.address), 'secret pitch')), (error: Error) => {
        assert.equal(error.constructor, Error);
        assert.match(error.message, new RegExp(`^sender account xmtp:${us.address}: XMTP canMessage failed`));
        assert.match(error.message, /code GenericFailure; status The service is currently unavailable; endpoint \/xmtp.identity.api.v1.IdentityApi\/GetInboxIds/);
        assert.doesNotMatch(error.message, /secret pitch/);
        return true;
      });
    });

    it('rate limited (ResourceExhausted): RateLimitedError for XMTP\'s 5-minute window', async () => {
      const { network, adapter, account } = xmtpSetup();
      const them = wallet();
      network.register(them.address);
      network.failNext('sendText', sdkError(SDK_ERRORS.rateLimited));
      await assert.rejects(adapter.sendDm(dmRequest(account, lead(them.address), 'hi')), (error: unknown) => {
        assert.ok(error instanceof RateLimitedError);
        assert.equal(error.retryAfterMs, XMTP_RATE_WINDOW_MS);
        assert.match(error.message, /sendText failed, rate limited \(code GenericFailure; status ResourceExhausted; endpoint send_group_messages/);
        return true;
      });
    });

    it('installation limit reached: SenderAccountError, and the next call opens a client again', async () => {
      const { network, adapter, account } = xmtpSetup();
      const them = wallet();
      network.register(them.address);
      network.failNext('connect', sdkError(SDK_ERRORS.installationLimit('f0bc8cf501c1ede6661fe5beff7b1ffce4c946116ae39d921454d48987995573', 10)));
      await assert.rejects(adapter.sendDm(dmRequest(account, lead(them.address), 'hi')), (error: Error) => {
        assert.ok(error instanceof SenderAccountError);
        assert.match(error.message, /client open failed, installation limit reached/);
        assert.doesNotMatch(error.message, /f0bc8cf5/);
        return true;
      });
      await adapter.sendDm(dmRequest(account, lead(them.address), 'hi'));
      assert.equal(network.connects.length, 2);
    });

    it('an account without a database folder registers an installation per start until the cap; one with dbPath keeps one', async () => {
      const network = new FakeXmtpNetwork();
      const them = wallet();
      network.register(them.address);
      const start = (w: Wallet) => createXmtpAdapter({ credentials: credentialSource({ XMTP_WALLET_KEY: w.key, XMTP_DB_KEY: DB_KEY }), connect: network.connect });

      const ephemeral = wallet();
      const dev = senderAccount(ephemeral.address, { settings: { env: 'dev' } });
      for (let i = 0; i < 10; i++) await start(ephemeral).sendDm(dmRequest(dev, lead(them.address), 'hi'));
      await assert.rejects(start(ephemeral).sendDm(dmRequest(dev, lead(them.address), 'hi')), failsWith(SenderAccountError, /installation limit reached/));

      const kept = wallet();
      const production = senderAccount(kept.address, { settings: { env: 'production', dbPath: '/data/xmtp' } });
      for (let i = 0; i < 12; i++) await start(kept).sendDm(dmRequest(production, lead(them.address), 'hi'));
      assert.equal(network.installations.get(network.inboxIdOf(kept.address)!)?.size, 1);
    });

    for (const [what, message, meaning] of [
      ['inbox log full', SDK_ERRORS.inboxLogFull, /inbox update limit reached/],
      ['installation revoked', 'Client error: An installation was revoked', /installation was revoked/],
      ['signature rejected', SDK_ERRORS.signatureRejected, /wallet signature was rejected/],
    ] as const) {
      it(`${what}: SenderAccountError`, async () => {
        const { network, adapter, account } = xmtpSetup();
        const them = wallet();
        network.register(them.address);
        network.failNext('createDm', sdkError(message));
        await assert.rejects(adapter.sendDm(dmRequest(account, lead(them.address), 'hi')), failsWith(SenderAccountError, meaning));
      });
    }

    it('a client that does not open in time: a plain Error, and the hung open is not kept', async () => {
      const { network, adapter, account } = xmtpSetup({ deps: { connectTimeoutMs: 50 } });
      const them = wallet();
      network.register(them.address);
      let release = () => {};
      network.connectDelay = new Promise<void>((resolve) => (release = resolve));
      await assert.rejects(adapter.sendDm(dmRequest(account, lead(them.address), 'hi')), failsWith(Error, /did not open within 50 ms/));
      network.connectDelay = undefined;
      release();
      await adapter.sendDm(dmRequest(account, lead(them.address), 'hi'));
      assert.equal(network.connects.length, 2);
    });
  });

  describe('account set-up it refuses (SenderAccountError naming the account and the field)', () => {
    const them = wallet();
    const cases: [string, Parameters<typeof xmtpSetup>[0], (address: string) => Record<string, unknown> | undefined, RegExp][] = [
      ['settings without env', {}, () => ({}), /setting "env"/],
      ['an unknown env', {}, () => ({ env: 'mainnet' }), /setting "env"/],
      ['production without dbPath', {}, () => ({ env: 'production' }), /setting "dbPath" is required when env is "production"/],
      ['a misspelt setting', {}, () => ({ env: 'dev', dbpath: '/x' }), /setting "settings"|dbpath/],
      ['a walletKey that is not 32 bytes of hex', { env: { XMTP_WALLET_KEY: '0x1234' } }, () => undefined, /credential "walletKey" must be 32 bytes of hex/],
      ['a walletKey outside the curve', { env: { XMTP_WALLET_KEY: `0x${'f'.repeat(64)}` } }, () => undefined, /credential "walletKey" is not a valid secp256k1 private key/],
      ['a dbEncryptionKey of the wrong length', { env: { XMTP_DB_KEY: 'abcd' } }, () => undefined, /credential "dbEncryptionKey" must be 32 bytes of hex/],
      ['a missing credential', { env: { XMTP_DB_KEY: '' } }, () => undefined, /names env:XMTP_DB_KEY, which is not set/],
    ];
    for (const [what, setup, settings, pattern] of cases) {
      it(what, async () => {
        const { network, adapter, account, us } = xmtpSetup(setup);
        network.register(them.address);
        const sender = { ...account, settings: settings(us.address) ?? account.settings };
        await assert.rejects(adapter.sendDm(dmRequest(sender, lead(them.address), 'hi')), (error: Error) => {
          assert.ok(error instanceof SenderAccountError, String(error));
          assert.match(error.message, new RegExp(`^sender account xmtp:${us.address}: `));
          assert.match(error.message, pattern);
          assert.doesNotMatch(error.message, /f{64}|abcd|1234/);
          return true;
        });
      });
    }

    it('a walletKey of another address than the account handle', async () => {
      const { network, adapter, account } = xmtpSetup();
      network.register(them.address);
      const other = { ...account, handle: wallet().address };
      await assert.rejects(adapter.sendDm(dmRequest(other, lead(them.address), 'hi')), failsWith(SenderAccountError, /walletKey" belongs to another address/));
      assert.equal(network.connects.length, 0);
    });
  });
});
