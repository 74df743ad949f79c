import { senderLabel, type SenderAccount } from '../db/senderAccounts';
import type { Channel } from '../sequences/model';
import { MissingSetupError } from './errors';
import type { ChannelRegistry, CheckRequest, EmailChannel, LinkedInChannel, XChannel, XmtpChannel } from './types';

type Adapter = XChannel | EmailChannel | LinkedInChannel | XmtpChannel;
type Operations<A> = Record<Exclude<keyof A, 'channel' | 'provider' | 'checkRead'>, true>;

/** Every operation per channel; the compiler insists each list names all of its interface's methods. */
const OPERATIONS: { [C in Channel]: Operations<NonNullable<ChannelRegistry[C]>> } = {
  x: { follow: true, unfollow: true, sendDm: true, checkFollowedBack: true, checkReplied: true },
  email: { sendEmail: true, checkReplied: true },
  linkedin: { sendConnectionRequest: true, sendDm: true, checkConnectionAccepted: true, checkRepliedToNote: true, checkReplied: true },
  xmtp: { sendDm: true, checkReplied: true },
};

/**
 * One registry from any number of provider adapters: each call goes to the adapter of the provider its
 * sender account names (`sender_accounts.provider`), so sandbox and real accounts can share a worker.
 */
export function channelRegistry(adapters: Adapter[]): ChannelRegistry {
  const registry: Record<string, unknown> = {};
  for (const channel of Object.keys(OPERATIONS) as Channel[]) {
    const mine = adapters.filter((a) => a.channel === channel);
    if (mine.length > 0) registry[channel] = routed(channel, mine);
  }
  return registry as ChannelRegistry;
}

function routed(channel: Channel, adapters: Adapter[]): Adapter {
  const seen = new Set<string>();
  for (const a of adapters) {
    if (seen.has(a.provider)) throw new Error(`two adapters for provider "${a.provider}" on channel ${channel}`);
    seen.add(a.provider);
  }
  const pick = (sender: SenderAccount): Adapter => {
    const found = adapters.find((a) => a.provider === sender.provider);
    if (found) return found;
    throw new MissingSetupError(
      `${senderLabel(sender)} names provider "${sender.provider}"; this worker runs ${[...seen].join(', ')}`,
    );
  };
  const route: Record<string, unknown> = {
    channel,
    provider: [...seen].join('|'),
    checkRead: async (request: CheckRequest) => {
      const adapter = pick(request.sender);
      return adapter.checkRead ? adapter.checkRead(request) : undefined;
    },
  };
  for (const operation of Object.keys(OPERATIONS[channel])) {
    route[operation] = (request: { sender: SenderAccount }) => {
      const adapter = pick(request.sender) as unknown as Record<string, (r: unknown) => Promise<unknown>>;
      return adapter[operation]!.call(adapter, request);
    };
  }
  return route as unknown as Adapter;
}
