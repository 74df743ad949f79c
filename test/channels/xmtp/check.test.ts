import assert from 'node:assert/strict';
import { RateLimitedError, SenderAccountError } from '../../../src/channels/errors';
import { SDK_ERRORS, sdkError } from '../../support/fakes/xmtp-sdk';
import { checkRequest, dmRequest, lead, wallet, xmtpSetup } from './helpers';

describe('XMTP adapter: checkReplied and checkRead', () => {
  let clock: number;
  const setup = () => xmtpSetup({ now: () => new Date(clock) });
  beforeEach(() => {
    clock = Date.parse('2026-11-28T10:00:00Z');
  });

  it('sees the lead\'s reply sent after `since`, with its time and message id', async () => {
    const { network, us, adapter, account } = setup();
    const them = wallet();
    network.register(them.address);
    const sent = await adapter.sendDm(dmRequest(account, lead(them.address), 'gm'));
    clock += 60_000;
    const reply = network.sendAs(them.address, us.address, 'gm! tell me more');
    clock += 60_000;

    const outcome = await adapter.checkReplied(checkRequest(account, lead(them.address), sent.sentAt, new Date(clock), [sent.providerId]));

    assert.deepEqual(outcome, { observation: 'replied', at: reply.sentAt, providerId: reply.id });
  });

  it('sees nothing before the lead answers, and ignores our own messages', async () => {
    const { network, adapter, account } = setup();
    const them = wallet();
    network.register(them.address);
    const since = new Date(clock);
    await adapter.sendDm(dmRequest(account, lead(them.address), 'gm'));
    clock += 1000;
    await adapter.sendDm(dmRequest(account, lead(them.address), 'still there?'));
    clock += 1000;
    assert.equal(await adapter.checkReplied(checkRequest(account, lead(them.address), since, new Date(clock))), undefined);
  });

  it('counts only replies after `since` and up to `asOf`', async () => {
    const { network, us, adapter, account } = setup();
    const them = wallet();
    network.register(them.address);
    network.sendAs(them.address, us.address, 'an old message');
    clock += 60_000;
    const since = new Date(clock);
    await adapter.sendDm(dmRequest(account, lead(them.address), 'gm'));
    clock += 60_000;
    const asOf = new Date(clock);
    network.sendAs(them.address, us.address, 'too late for this check', new Date(clock + 1));
    clock += 60_000;

    assert.equal(await adapter.checkReplied(checkRequest(account, lead(them.address), since, asOf)), undefined);
  });

  it('finds a DM the lead started (a welcome seen only after syncing conversations)', async () => {
    const { network, us, adapter, account } = setup();
    const them = wallet();
    const since = new Date(clock);
    clock += 1000;
    const first = network.sendAs(them.address, us.address, 'saw your address on-chain, hi');
    clock += 1000;
    const outcome = await adapter.checkReplied(checkRequest(account, lead(them.address), since, new Date(clock)));
    assert.equal(outcome?.providerId, first.id);
  });

  it('a read receipt is a read, not a reply', async () => {
    const { network, us, adapter, account } = setup();
    const them = wallet();
    network.register(them.address);
    const sent = await adapter.sendDm(dmRequest(account, lead(them.address), 'gm'));
    clock += 5000;
    const receipt = network.sendAs(them.address, us.address, { readReceipt: true });
    clock += 5000;
    const request = checkRequest(account, lead(them.address), sent.sentAt, new Date(clock));

    assert.equal(await adapter.checkReplied(request), undefined);
    assert.deepEqual(await adapter.checkRead?.(request), { observation: 'read', at: receipt.sentAt, providerId: receipt.id });
  });

  it('a lead without an Ethereum address, or without any DM, has not replied', async () => {
    const { network, adapter, account } = setup();
    const them = wallet();
    network.register(them.address);
    const since = new Date(clock - 1000);
    assert.equal(await adapter.checkReplied(checkRequest(account, lead(undefined), since)), undefined);
    assert.equal(await adapter.checkReplied(checkRequest(account, lead('not-an-address'), since)), undefined);
    assert.equal(await adapter.checkReplied(checkRequest(account, lead(them.address), since)), undefined);
  });

  it('maps failures while syncing like sends: transient, rate limited, account', async () => {
    const { network, adapter, account } = setup();
    const them = wallet();
    network.register(them.address);
    await adapter.sendDm(dmRequest(account, lead(them.address), 'gm'));
    const request = checkRequest(account, lead(them.address), new Date(clock - 1000));

    network.failNext('dm.sync', sdkError(SDK_ERRORS.unavailable));
    await assert.rejects(adapter.checkReplied(request), (e: Error) => e.constructor === Error && /DM sync failed/.test(e.message));
    network.failNext('conversations.sync', sdkError(SDK_ERRORS.rateLimited));
    await assert.rejects(adapter.checkReplied(request), RateLimitedError);
    network.failNext('messages', sdkError('Client error: An installation was revoked'));
    await assert.rejects(adapter.checkReplied(request), SenderAccountError);
  });
});
