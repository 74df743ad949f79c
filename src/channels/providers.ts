import type { Knex } from 'knex';
import type { SenderAccount, SenderAccountInput } from '../db/senderAccounts';
import type { Channel } from '../sequences/model';
import { credentialSource, type CredentialSource } from './credentials';
import { createEmailAdapter, EMAIL_PROVIDER } from './email/adapter';
import { emailSettings } from './email/settings';
import { SenderAccountError } from './errors';
import { createLinkedInGatewayAdapter, LINKEDIN_GATEWAY_PROVIDER } from './linkedin/adapter';
import { linkedInSettings } from './linkedin/settings';
import { SANDBOX_PROVIDER, sandboxAdapters } from './sandbox';
import { channelRegistry } from './registry';
import type { ChannelRegistry } from './types';
import { secretWordIn } from '../senders/secret-shapes';
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
    ...sandboxAdapters(opts.db),
    createXAdapter({ credentials, db: opts.db, ...(opts.xApiRoot === undefined ? {} : { apiRoot: opts.xApiRoot }) }),
    email,
    createLinkedInGatewayAdapter({ credentials, ...(opts.linkedinGatewayUrl === undefined ? {} : { gatewayUrl: opts.linkedinGatewayUrl }) }),
    createXmtpAdapter({ credentials }),
  ]);
  return { channels, close: () => email.close() };
}

interface ProviderSpec {
  channel: Channel | 'any';
  /** Its settings document, named in messages about them. */
  doc?: string;
  /** The account's settings as the provider reads them; a SenderAccountError names the field when one is bad. */
  parseSettings(account: SenderAccount): unknown;
}

/** Each provider's channel and how it reads an account's settings. */
const PROVIDERS: Record<string, ProviderSpec> = {
  [SANDBOX_PROVIDER]: { channel: 'any', parseSettings: () => undefined },
  [X_PROVIDER]: { channel: 'x', doc: 'docs/channels/x.md', parseSettings: xSettings },
  [EMAIL_PROVIDER]: { channel: 'email', doc: 'docs/channels/email.md', parseSettings: emailSettings },
  // A gateway URL may come from the worker's LINKEDIN_GATEWAY_URL, so its absence is not an error here.
  [LINKEDIN_GATEWAY_PROVIDER]: {
    channel: 'linkedin',
    doc: 'docs/channels/linkedin-gateway.md',
    parseSettings: (a) => linkedInSettings(a, 'https://gateway.invalid'),
  },
  [XMTP_PROVIDER]: { channel: 'xmtp', doc: 'docs/channels/xmtp.md', parseSettings: xmtpSettings },
};

/**
 * For `sender apply`: the provider must exist on the account's channel and accept its settings, and every
 * setting given must be one the provider reads (a misspelt `sentfolder` would be stored and silently ignored).
 */
export function checkProviderSettings(account: SenderAccountInput): { path: (string | number)[]; message: string }[] {
  const spec = PROVIDERS[account.provider];
  if (!spec) return [{ path: ['provider'], message: `unknown provider "${account.provider}"; one of ${Object.keys(PROVIDERS).join(', ')}` }];
  if (spec.channel !== 'any' && spec.channel !== account.channel) {
    return [{ path: ['provider'], message: `provider "${account.provider}" sends on ${spec.channel}, not ${account.channel}` }];
  }
  let parsed: unknown;
  try {
    parsed = spec.parseSettings(asAccount(account));
  } catch (error) {
    if (!(error instanceof SenderAccountError)) throw error;
    return [{ path: ['settings'], message: error.message }];
  }
  if (parsed === undefined) return [];
  return unreadSettings(account.settings ?? {}, parsed).map((at) => ({
    path: ['settings', ...at],
    message:
      `not a setting of provider ${account.provider} (${spec.doc ?? 'docs/senders.md'})` +
      (secretWordIn(String(at[at.length - 1])) === undefined ? '' : '; secrets go under credentials, as env:NAME or file:KEY'),
  }));
}

/** Paths of keys given that the parsed settings do not carry: the provider's schema dropped them, so it never reads them. */
function unreadSettings(given: unknown, parsed: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (given === null || typeof given !== 'object' || parsed === null || typeof parsed !== 'object') return [];
  if (Array.isArray(given)) {
    return Array.isArray(parsed) ? given.flatMap((item, i) => unreadSettings(item, parsed[i], [...at, i])) : [];
  }
  return Object.entries(given).flatMap(([key, value]) =>
    Object.hasOwn(parsed, key) ? unreadSettings(value, (parsed as Record<string, unknown>)[key], [...at, key]) : [[...at, key]],
  );
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
