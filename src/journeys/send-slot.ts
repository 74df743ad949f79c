import { MissingSetupError, SenderAccountError } from '../channels/errors';
import { reserveSendSlot } from '../db/sendSlots';
import { findActiveSender, senderLabel } from '../db/senderAccounts';
import { senderAccount, type JourneyDeps } from './deps';
import { stepOf, type SlotInput, type SlotOutcome } from './types';

/** Picks the journey's sender on first use, then takes a slot under that account's hourly and daily caps. */
export async function takeSendSlot(deps: JourneyDeps, input: SlotInput): Promise<SlotOutcome> {
  const account = input.senderAccountId
    ? await senderAccount(deps, input.senderAccountId)
    : await findActiveSender(deps.db, input.channel, new Date(input.at));
  if (!account) throw new MissingSetupError(`no active sender account for channel "${input.channel}"`);
  if (account.status !== 'active') {
    const why = account.statusReason ? `: ${account.statusReason}` : '';
    throw new SenderAccountError(`${senderLabel(account)} is ${account.status}${why}`);
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
