import { FAILURE_TYPES } from '../src/channels/errors';
import { noAdapterFor } from '../src/channels/registry';
import { appendEvent } from '../src/db/events';
import { releaseSendSlot as releaseSlot, reserveSendSlot } from '../src/db/sendSlots';
import { accountName, getSenderAccount, senderLabel } from '../src/db/senderAccounts';
import { assignSender } from '../src/db/senderAssignments';
import { pacingOf } from '../src/senders/pacing';
import type { SlotInput, SlotOutcome, SlotRelease } from '../workflows/activity-contract';
import type { JourneyDeps } from './deps';
import { eventKey, stepColumns } from './journey-events';
import { writeAll } from './record';

type Unavailable = Extract<SlotOutcome, { unavailable: unknown }>;

function unavailable(type: Unavailable['unavailable']['type'], reason: string): Unavailable {
  return { granted: false, unavailable: { type, reason } };
}

/**
 * Writes what the journey carries (the node it entered, when it acts on arrival), then finds the account
 * the person hears from on this channel (src/db/senderAssignments.ts; a move to another account is logged
 * as `sender_reassigned`) and gives the send a slot on that account's timeline, under its caps.
 */
export async function takeSendSlot(deps: JourneyDeps, input: SlotInput): Promise<SlotOutcome> {
  const { write } = input;
  if (write) await deps.db.transaction((trx) => writeAll(trx, input, write));
  if (!deps.channels.hasChannel(input.channel)) return unavailable(FAILURE_TYPES.noSender, noAdapterFor(input.channel));
  const assigned = await assignSender(deps.db, input.personId, input.channel, input.senderAccountId);
  if (!assigned) return unavailable(FAILURE_TYPES.noSender, `no active sender account for channel "${input.channel}"`);
  const { account } = assigned;
  if (account.status !== 'active') {
    const why = account.statusReason ? `: ${account.statusReason}` : '';
    return unavailable(FAILURE_TYPES.senderAccount, `${senderLabel(account)} is ${account.status}${why}`);
  }
  if (input.senderAccountId !== undefined && input.senderAccountId !== account.id) {
    await appendEvent(deps.db, {
      ...stepColumns(input),
      eventKey: eventKey(input.workflowId, { ...input, type: 'sender_reassigned', qualifier: account.id }),
      type: 'sender_reassigned',
      senderAccountId: account.id,
      detail: {
        from: input.senderAccountId,
        to: accountName(account),
        reason: assigned.reassignedBecause ?? `the person hears from ${accountName(account)} on ${input.channel}`,
      },
      occurredAt: input.at,
    });
  }
  const decision = await reserveSendSlot(deps.db, {
    ...stepColumns(input),
    eventKey: reservationKey(input),
    senderAccountId: account.id,
    hourlyCap: account.hourlyCap,
    dailyCap: account.dailyCap,
    pacing: pacingOf(account),
    at: input.at,
  });
  return decision.granted
    ? { granted: true, senderAccountId: account.id, slotAt: decision.slotAt.toISOString() }
    : { granted: false, senderAccountId: account.id, retryAt: decision.retryAt.toISOString(), cap: decision.cap };
}

/** `journey-s-1:intro:2:send_reserved`, then `...:send_reserved:renewal1` for a slot taken again after a pause. */
function reservationKey(input: SlotInput | SlotRelease): string {
  return eventKey(input.workflowId, { ...input, type: 'send_reserved', ...(input.renewal === undefined ? {} : { qualifier: `renewal${input.renewal}` }) });
}

/** Gives a slot the journey will not use back to its account (src/db/sendSlots.ts: releaseSendSlot). */
export async function releaseSendSlot(deps: JourneyDeps, input: SlotRelease): Promise<void> {
  const account = await getSenderAccount(deps.db, input.senderAccountId);
  if (!account) return;
  await releaseSlot(deps.db, {
    eventKey: reservationKey(input),
    senderAccountId: account.id,
    hourlyCap: account.hourlyCap,
    dailyCap: account.dailyCap,
    pacing: pacingOf(account),
    at: input.at,
  });
}
