import type { EOASigner, Identifier } from '@xmtp/node-sdk';
import { IdentifierKind } from '@xmtp/node-sdk';
import { hexToBytes, isAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

/** XMTP identifies wallets by their lower-case address; a checksummed one names a different inbox. */
export function ethereumIdentifier(address: string): Identifier {
  return { identifier: address.toLowerCase(), identifierKind: IdentifierKind.Ethereum };
}

export function isEthereumAddress(value: string): boolean {
  return isAddress(value, { strict: false });
}

/**
 * An EOA signer for `Client.create`: XMTP asks it to sign (ERC-191 personal_sign) when it registers an
 * installation. Throws when the key is not a valid secp256k1 private key; the caller names the account.
 */
export function eoaSigner(walletKey: `0x${string}`): EOASigner & { address: string } {
  const account = privateKeyToAccount(walletKey);
  return {
    type: 'EOA',
    address: account.address.toLowerCase(),
    getIdentifier: () => ethereumIdentifier(account.address),
    signMessage: async (message: string) => hexToBytes(await account.signMessage({ message })),
  };
}
