import { senderLabel, type SenderAccount } from '../db/senderAccounts';
import type { Channel } from '../sequences/model';
import { MissingSetupError } from './errors';
import type { ChannelAdapter, ChannelRegistry } from './types';

type ByProvider = { [C in Channel]: Map<string, ChannelAdapter<C>> };

/**
 * One registry from any number of provider adapters: each call goes to the adapter of the provider its
 * sender account names (`sender_accounts.provider`), so sandbox and real accounts can share a worker.
 */
export function channelRegistry(adapters: readonly ChannelAdapter[]): ChannelRegistry {
  const byProvider: ByProvider = { x: new Map(), email: new Map(), linkedin: new Map(), xmtp: new Map() };
  for (const adapter of adapters) add(byProvider, adapter.channel, adapter);
  return {
    hasChannel: (channel) => byProvider[channel].size > 0,
    adapterFor: (channel, sender) => pick(byProvider, channel, sender),
  };
}

function add<C extends Channel>(byProvider: ByProvider, channel: C, adapter: ChannelAdapter<C>): void {
  const providers = byProvider[channel];
  if (providers.has(adapter.provider)) throw new Error(`two adapters for provider "${adapter.provider}" on channel ${channel}`);
  providers.set(adapter.provider, adapter);
}

function pick<C extends Channel>(byProvider: ByProvider, channel: C, sender: SenderAccount): ChannelAdapter<C> {
  const providers = byProvider[channel];
  const found = providers.get(sender.provider);
  if (found) return found;
  if (providers.size === 0) throw new MissingSetupError(noAdapterFor(channel));
  throw new MissingSetupError(`${senderLabel(sender)} names provider "${sender.provider}"; this worker runs ${[...providers.keys()].join(', ')}`);
}

/** Why nothing can be sent or checked on a channel the worker runs no adapter for. */
export function noAdapterFor(channel: Channel): string {
  return `no adapter is configured for channel "${channel}"`;
}
