import { z } from 'zod';
import { accountName, type SenderAccount } from '../../db/senderAccounts';
import { requireCredential, type Credentials } from '../credentials';
import { SenderAccountError } from '../errors';

/** Non-secret settings of an XMTP sender account (`sender_accounts.settings`). */
const settingsSchema = z
  .strictObject({
    /** The XMTP network. */
    env: z.enum(['production', 'dev', 'local']),
    /**
     * Folder for the SDK's local database (one file per inbox). It holds the installation's keys: without
     * it every start registers a new installation, and XMTP caps installations per inbox.
     */
    dbPath: z.string().trim().min(1, 'must name a folder').optional(),
    /** Overrides the network's API URL (a self-hosted node, a gateway). */
    apiUrl: z.url().optional(),
  })
  .refine((s) => s.env !== 'production' || s.dbPath !== undefined, {
    path: ['dbPath'],
    message: 'is required when env is "production" (a fresh database registers a new installation on every start)',
  });

export type XmtpSettings = z.infer<typeof settingsSchema>;

/** The credential names an XMTP account uses. */
const XMTP_CREDENTIALS = { walletKey: 'walletKey', dbEncryptionKey: 'dbEncryptionKey' } as const;

export interface XmtpSecrets {
  /** 0x-prefixed 32-byte hex private key of the sending wallet (an EOA). */
  walletKey: `0x${string}`;
  /** 32 bytes that encrypt the SDK's local database. */
  dbEncryptionKey: Uint8Array;
}

const HEX_32_BYTES = /^(0x)?[0-9a-fA-F]{64}$/;

export function xmtpSettings(account: SenderAccount): XmtpSettings {
  const parsed = settingsSchema.safeParse(account.settings);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'settings';
  throw new SenderAccountError(`sender account ${accountName(account)}: setting "${field}" ${issue?.message ?? 'is invalid'}`);
}

/** Checks the shape of both secrets; a message names the credential, never its value. */
export function xmtpSecrets(credentials: Credentials, account: SenderAccount): XmtpSecrets {
  const walletKey = requireCredential(credentials, account, XMTP_CREDENTIALS.walletKey);
  const dbKey = requireCredential(credentials, account, XMTP_CREDENTIALS.dbEncryptionKey);
  for (const [name, value] of [[XMTP_CREDENTIALS.walletKey, walletKey], [XMTP_CREDENTIALS.dbEncryptionKey, dbKey]] as const) {
    if (!HEX_32_BYTES.test(value.trim())) {
      throw new SenderAccountError(`sender account ${accountName(account)}: credential "${name}" must be 32 bytes of hex (64 hex digits)`);
    }
  }
  return { walletKey: with0x(walletKey), dbEncryptionKey: Buffer.from(with0x(dbKey).slice(2), 'hex') };
}

function with0x(hex: string): `0x${string}` {
  const trimmed = hex.trim();
  return (trimmed.startsWith('0x') ? trimmed : `0x${trimmed}`) as `0x${string}`;
}

