import assert from 'node:assert/strict';
import { connect as tcpConnect } from 'node:net';
import { generateInboxId, IdentifierKind } from '@xmtp/node-sdk';
import { recoverMessageAddress } from 'viem';
import { credentialSource } from '../../../src/channels/credentials';
import { RateLimitedError, RecipientUnreachableError, SenderAccountError } from '../../../src/channels/errors';
import { createXmtpAdapter } from '../../../src/channels/xmtp/adapter';
import { eoaSigner, ethereumIdentifier } from '../../../src/channels/xmtp/signer';
import { DB_KEY, dmRequest, lead, senderAccount, wallet } from './helpers';

describe('XMTP: the real SDK pieces that run offline', function () {
  this.timeout(60_000);

  it('loads @xmtp/node-sdk and its native bindings on this Node', () => {
    assert.equal(typeof generateInboxId, 'function');
    assert.ok(Number(process.versions.node.split('.')[0]) >= 20);
  });

  describe('the viem EOA signer', () => {
    it('names the wallet as an Ethereum identifier with the lower-case address, which the SDK accepts', async () => {
      const w = wallet();
      const signer = eoaSigner(w.key);
      const identifier = await signer.getIdentifier();
      assert.equal(signer.type, 'EOA');
      assert.equal(identifier.identifierKind, IdentifierKind.Ethereum);
      assert.equal(identifier.identifier, w.address);
      assert.match(generateInboxId(identifier), /^[0-9a-f]{64}$/);
    });

    it('signs the way XMTP verifies an EOA: 65 bytes of ERC-191 personal_sign over the text', async () => {
      const w = wallet();
      const text = 'XMTP : Authenticate to inbox\n\nInbox ID: 1234\nCurrent time: 2026-11-28T10:00:00Z';
      const signature = await eoaSigner(w.key).signMessage(text);
      assert.ok(signature instanceof Uint8Array);
      assert.equal(signature.length, 65);
      const recovered = await recoverMessageAddress({ message: text, signature: `0x${Buffer.from(signature).toString('hex')}` });
      assert.equal(recovered.toLowerCase(), w.address);
    });

    it('identifies a lead by the lower-case address whatever the casing it was imported with', () => {
      const checksummed = '0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B';
      assert.deepEqual(ethereumIdentifier(checksummed), { identifier: checksummed.toLowerCase(), identifierKind: IdentifierKind.Ethereum });
      assert.equal(generateInboxId(ethereumIdentifier(checksummed)), generateInboxId(ethereumIdentifier(checksummed.toLowerCase())));
    });
  });

  describe('the real Client.create with the network unreachable', () => {
    // In 5.5.0 Client.create looks the inbox id up at ApiUrls[env] even when apiUrl is set, so the only
    // network it can be pointed at offline is env "local": http://localhost:5556, closed here.
    before(async function () {
      if (await listening(5556)) this.skip();
    });

    it('fails as a transient error naming the account and the gRPC status, with no secret in it', async () => {
      const us = wallet();
      const adapter = createXmtpAdapter({ credentials: credentialSource({ XMTP_WALLET_KEY: us.key, XMTP_DB_KEY: DB_KEY }) });
      const account = senderAccount(us.address, { settings: { env: 'local' } });
      const them = wallet();

      const error = await adapter.sendDm(dmRequest(account, lead(them.address), 'the pitch')).then(
        () => assert.fail('Client.create reached a network'),
        (e: unknown) => e as Error,
      );

      for (const permanent of [RecipientUnreachableError, SenderAccountError, RateLimitedError]) assert.ok(!(error instanceof permanent), error.message);
      assert.match(error.message, new RegExp(`^sender account xmtp:${us.address}: XMTP client open failed \\(code GenericFailure; status The service is currently unavailable; endpoint /xmtp.identity.api.v1.IdentityApi/GetInboxIds`));
      for (const secret of [us.key.slice(2), DB_KEY, 'the pitch']) assert.ok(!error.message.includes(secret));
    });
  });
});

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
