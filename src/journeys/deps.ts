import type { Knex } from 'knex';
import type { ChannelAdapter, ChannelRegistry } from '../channels/types';
import { getSenderAccount, type SenderAccount } from '../db/senderAccounts';
import type { Channel } from '../sequences/model';

export interface JourneyDeps {
  db: Knex;
  channels: ChannelRegistry;
  /** The deployment's tick: journeys act on its boundaries. */
  tickMs: number;
}

export class MissingSetupError extends Error {
  override readonly name = 'MissingSetupError';
}

export function channelAdapter(deps: JourneyDeps, channel: Channel): ChannelAdapter {
  const adapter = deps.channels[channel];
  if (!adapter) throw new MissingSetupError(`no adapter is configured for channel "${channel}"`);
  return adapter;
}

export async function senderAccount(deps: JourneyDeps, id: string): Promise<SenderAccount> {
  const account = await getSenderAccount(deps.db, id);
  if (!account) throw new MissingSetupError(`sender account ${id} does not exist`);
  return account;
}
