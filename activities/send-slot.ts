import { FAILURE_TYPES } from '../src/channels/errors';
import { reserveSendSlot } from '../src/db/sendSlots';
import { findActiveSender, getSenderAccount, senderLabel } from '../src/db/senderAccounts';
import type { JourneyDeps } from './deps';
import { stepOf, type SlotInput, type SlotOutcome } from '../workflows/activity-contract';

/**
 * No slot can be had until an operator acts: no usable sender account or adapter for the channel, or the
 * journey's account is paused or disabled. An expected condition the journey waits out, so it is a value,
 * not a failure (workflows still handle the thrown form that older histories hold).
 */
export interface SlotUnavailable {
  granted: false;
  unavailable: { type: typeof FAILURE_TYPES.noSender | typeof FAILURE_TYPES.senderAccount; reason: string };
}

function unavailable(type: SlotUnavailable['unavailable']['type'], reason: string): SlotUnavailable {
  return { granted: false, unavailable: { type, reason } };
}

/** Picks the journey's sender on first use, then takes a slot under that account's hourly and daily caps. */
export async function takeSendSlot(deps: JourneyDeps, input: SlotInput): Promise<SlotOutcome | SlotUnavailable> {
  if (!deps.channels[input.channel]) {
    return unavailable(FAILURE_TYPES.noSender, `no adapter is configured for channel "${input.channel}"`);
  }
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
    ...stepOf(input),
    eventKey: `${input.workflowId}:${input.nodeId}:${input.visit}:send_reserved`,
    senderAccountId: account.id,
    hourlyCap: account.hourlyCap,
    dailyCap: account.dailyCap,
    at: input.at,
  });
  return decision.granted
    ? { granted: true, senderAccountId: account.id }
    : { granted: false, senderAccountId: account.id, retryAt: decision.retryAt.toISOString(), cap: decision.cap };
}
