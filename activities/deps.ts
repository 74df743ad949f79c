import type { Knex } from 'knex';
import { MissingSetupError } from '../src/channels/errors';
import type { ChannelRegistry } from '../src/channels/types';
import { getSenderAccount, type SenderAccount } from '../src/db/senderAccounts';
import type { SenderStopAlert } from '../src/senders/stop-alert';
import { cachedSuppressionKey } from '../src/suppression/key';

export interface JourneyDeps {
  db: Knex;
  channels: ChannelRegistry;
  /** The deployment's tick: journeys act on its boundaries. */
  tickMs: number;
  /** Called when a provider's answer stops a sender account; logs to stderr when absent. */
  alertSenderStopped?: SenderStopAlert;
  /** The suppression key (SUPPRESSION_SECRET); read from the database when absent (src/suppression/key.ts). */
  suppressionKey?: Buffer;
}

export function suppressionKeyOf(deps: JourneyDeps): Promise<Buffer> {
  return deps.suppressionKey ? Promise.resolve(deps.suppressionKey) : cachedSuppressionKey(deps.db);
}

export async function senderAccount(deps: JourneyDeps, id: string): Promise<SenderAccount> {
  const account = await getSenderAccount(deps.db, id);
  if (!account) throw new MissingSetupError(`sender account ${id} does not exist`);
  return account;
}
