import type { Knex } from 'knex';
import type { SenderAccount, SenderAccountInput } from '../db/senderAccounts';
import type { Channel } from '../sequences/model';
import { credentialSource, type CredentialSource } from './credentials';
import { createEmailAdapter, EMAIL_PROVIDER } from './email/adapter';
import { emailSettings } from './email/settings';
import { SenderAccountError } from './errors';
import { createLinkedInGatewayAdapter, LINKEDIN_GATEWAY_PROVIDER } from './linkedin/adapter';
import { linkedInSettings } from './linkedin/settings';
import { registryFromSandbox } from './sandbox';
import { channelRegistry } from './registry';
import type { ChannelRegistry } from './types';
import { xSettings } from './x/account';
import { createXAdapter, X_PROVIDER } from './x/adapter';
import { xmtpSettings } from './xmtp/account';
import { createXmtpAdapter, XMTP_PROVIDER } from './xmtp/adapter';

export interface ProviderOptions {
  db: Knex;
  credentials?: CredentialSource;
  /** The X API root (a proxy, a fake); https://api.x.com when absent. */
  xApiRoot?: string;
  /** The LinkedIn gateway for accounts whose settings name none. */
  linkedinGatewayUrl?: string;
}

export interface WorkerChannels {
  channels: ChannelRegistry;
  /** Closes what the adapters keep open (SMTP transports). */
  close(): void;
}

/**
 * Every provider a worker runs, routed by each sender account's `provider`: the real ones and the sandbox
 * (used only by accounts whose provider is "sandbox").
 */
export function workerChannels(opts: ProviderOptions): WorkerChannels {
  const credentials = opts.credentials ?? credentialSource();
  const email = createEmailAdapter({ credentials });
  const channels = channelRegistry([
    ...registryFromSandbox(opts.db),
    createXAdapter({ credentials, db: opts.db, ...(opts.xApiRoot === undefined ? {} : { apiRoot: opts.xApiRoot }) }),
    email,
    createLinkedInGatewayAdapter({ credentials, ...(opts.linkedinGatewayUrl === undefined ? {} : { gatewayUrl: opts.linkedinGatewayUrl }) }),
    createXmtpAdapter({ credentials }),
  ]);
  return { channels, close: () => email.close() };
}

/** Each provider's channel and the check of an account's settings (a SenderAccountError names the field). */
const PROVIDERS: Record<string, { channel: Channel | 'any'; checkSettings(account: SenderAccount): void }> = {
  sandbox: { channel: 'any', checkSettings: () => undefined },
  [X_PROVIDER]: { channel: 'x', checkSettings: xSettings },
  [EMAIL_PROVIDER]: { channel: 'email', checkSettings: emailSettings },
  // A gateway URL may come from the worker's LINKEDIN_GATEWAY_URL, so its absence is not an error here.
  [LINKEDIN_GATEWAY_PROVIDER]: { channel: 'linkedin', checkSettings: (a) => linkedInSettings(a, 'https://gateway.invalid') },
  [XMTP_PROVIDER]: { channel: 'xmtp', checkSettings: xmtpSettings },
};

/** For `sender apply`: the provider must exist on the account's channel and accept its settings. */
export function checkProviderSettings(account: SenderAccountInput): { path: string[]; message: string }[] {
  const spec = PROVIDERS[account.provider];
  if (!spec) return [{ path: ['provider'], message: `unknown provider "${account.provider}"; one of ${Object.keys(PROVIDERS).join(', ')}` }];
  if (spec.channel !== 'any' && spec.channel !== account.channel) {
    return [{ path: ['provider'], message: `provider "${account.provider}" sends on ${spec.channel}, not ${account.channel}` }];
  }
  try {
    spec.checkSettings(asAccount(account));
    return [];
  } catch (error) {
    if (!(error instanceof SenderAccountError)) throw error;
    return [{ path: ['settings'], message: error.message }];
  }
}

function asAccount(input: SenderAccountInput): SenderAccount {
  return {
    id: '0',
    channel: input.channel,
    provider: input.provider,
    handle: input.handle.trim().toLowerCase(),
    hourlyCap: input.hourlyCap,
    dailyCap: input.dailyCap,
    credentialsRef: input.credentialsRef ?? {},
    settings: input.settings ?? {},
    status: 'active',
    statusReason: null,
    statusChangedAt: null,
    createdAt: new Date(0),
  };
}
