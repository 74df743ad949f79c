import { FAILURE_TYPES } from '../src/channels/errors';
import { noAdapterFor } from '../src/channels/registry';
import { reserveSendSlot } from '../src/db/sendSlots';
import { findActiveSender, getSenderAccount, senderLabel } from '../src/db/senderAccounts';
import type { SlotInput, SlotOutcome } from '../workflows/activity-contract';
import type { JourneyDeps } from './deps';
import { eventKey, stepColumns } from './journey-events';
import { writeAll } from './record';

type Unavailable = Extract<SlotOutcome, { unavailable: unknown }>;

function unavailable(type: Unavailable['unavailable']['type'], reason: string): Unavailable {
  return { granted: false, unavailable: { type, reason } };
}

/**
 * Writes what the journey carries (the node it entered, when it acts on arrival), then picks the journey's
 * sender on first use and takes a slot under that account's hourly and daily caps.
 */
export async function takeSendSlot(deps: JourneyDeps, input: SlotInput): Promise<SlotOutcome> {
  const { write } = input;
  if (write) await deps.db.transaction((trx) => writeAll(trx, input, write));
  if (!deps.channels.hasChannel(input.channel)) return unavailable(FAILURE_TYPES.noSender, noAdapterFor(input.channel));
  const account = input.senderAccountId
    ? await getSenderAccount(deps.db, input.senderAccountId)
    : await findActiveSender(deps.db, input.channel, new Date(input.at));
  if (!account) {
    const reason = input.senderAccountId
      ? `sender account ${input.senderAccountId} does not exist`
      : `no active sender account for channel "${input.channel}"`;
    return unavailable(FAILURE_TYPES.noSender, reason);
  }
  if (account.status !== 'active') {
    const why = account.statusReason ? `: ${account.statusReason}` : '';
    return unavailable(FAILURE_TYPES.senderAccount, `${senderLabel(account)} is ${account.status}${why}`);
  }
  const decision = await reserveSendSlot(deps.db, {
    ...stepColumns(input),
    eventKey: eventKey(input.workflowId, { ...input, type: 'send_reserved' }),
    senderAccountId: account.id,
    hourlyCap: account.hourlyCap,
    dailyCap: account.dailyCap,
    at: input.at,
  });
  return decision.granted
    ? { granted: true, senderAccountId: account.id }
    : { granted: false, senderAccountId: account.id, retryAt: decision.retryAt.toISOString(), cap: decision.cap };
}
