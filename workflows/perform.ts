import { patched } from '@temporalio/workflow';
import { FAILURE_TYPES } from '../src/channels/errors';
import type { NodeExit } from '../src/sequences/graph';
import { ACTION_CHANNEL, type Channel, type SequenceNode } from '../src/sequences/model';
import { bookkeeping, sends } from './activity-options';
import { activityGaveUp } from './failures';
import type { JourneyRuntime, WaitResult } from './journey-runtime';
import { journeyLog, type JourneyWait } from './journey-log';
import { firstCheckAt } from './outcomes';
import { rememberSent } from './sent-messages';
import { tickAfter } from './ticks';

export type ActionResult =
  | { kind: 'done'; at: number }
  | { kind: 'failed'; reason: string }
  | { kind: 'cancelled' }
  | { kind: 'suppressed' };

const SEND_WAITS_FOR_SETUP = 'send-waits-for-missing-setup';
/** The slot's time from takeSendSlot is kept: the journey sleeps until it instead of sending on its tick. */
const PACED_SEND_SLOTS = 'paced-send-slots';

/**
 * Carries out a node's action: waits for its send slot on the sender account's timeline, under its caps
 * (a durable timer, so waiting burns no retry attempts), then sends. CHECK_FOR_REPLY sends nothing. `exit` is what
 * follows the action: a send that opens a window records the wait for its first check.
 */
export async function performAction(j: JourneyRuntime, node: SequenceNode, exit: NodeExit): Promise<ActionResult> {
  const channel = ACTION_CHANNEL[node.action];
  // A check touches nobody, so it does not take the tick: a reply it sees is answered on the same tick.
  if (channel === null) return { kind: 'done', at: j.at };
  for (;;) {
    try {
      if ((await takeSlot(j, node, channel)) === 'cancelled') return { kind: 'cancelled' };
      return await send(j, node, channel, exit);
    } catch (error) {
      const gaveUp = activityGaveUp(error);
      if (gaveUp === undefined) throw error;
      // The provider refused the account itself: it is stopped now, and the send waits in takeSlot until an
      // operator resumes it, instead of failing a lead who did nothing wrong.
      if (gaveUp.type === FAILURE_TYPES.senderAccount) {
        j.step(node.id, 'sender stopped', gaveUp.reason);
        continue;
      }
      // Set-up missing at send time (the account's provider has no adapter on this worker) waits like a
      // missing account, tick by tick; journeys recorded before this failed instead.
      if (gaveUp.type === FAILURE_TYPES.noSender && patched(SEND_WAITS_FOR_SETUP)) {
        if ((await waitFor(j, node, channel, senderWait(j, gaveUp.reason))) === 'cancelled') return { kind: 'cancelled' };
        continue;
      }
      return { kind: 'failed', reason: gaveUp.reason };
    }
  }
}

async function send(j: JourneyRuntime, node: SequenceNode, channel: Channel, exit: NodeExit): Promise<ActionResult> {
  const template = node.template === undefined ? undefined : j.input.graph.templates[node.template];
  const variant = template?.variants.find((v) => v.id === j.state.variants[template.id]);
  // The wait as if the provider sends at the scheduled time; should its own time move the first check (a
  // window shorter than a tick), the journey writes the difference before it sleeps.
  const after = exit.kind === 'wait' ? { nextActionAt: new Date(firstCheckAt(j, node, exit, j.at)).toISOString() } : undefined;
  const sent = await j.books.ride(
    (write) =>
      sends[channel].sendAction({
        ...j.ref,
        nodeId: node.id,
        visit: j.state.visit,
        channel,
        action: node.action,
        senderAccountId: j.state.senders[channel] as string,
        ...(variant === undefined ? {} : { variant }),
        earlierProviderIds: j.state.sent.filter((m) => m.channel === channel).map((m) => m.providerId),
        at: new Date(j.at).toISOString(),
        ...(write === undefined ? {} : { write }),
      }),
    after,
  );
  if ('suppressed' in sent) {
    j.step(node.id, 'suppressed', sent.suppressed);
    return { kind: 'suppressed' };
  }
  j.state.lastActionAt = new Date(j.at).toISOString();
  rememberSent(j.state.sent, { nodeId: node.id, channel, providerId: sent.providerId, sentAt: sent.sentAt });
  j.step(node.id, 'sent', node.action);
  return { kind: 'done', at: Date.parse(sent.sentAt) };
}

interface Wait {
  retryAt: number;
  waitingFor: JourneyWait['waitingFor'];
  reason: string;
  /** The journey step's detail: kept as it was before the log line existed. */
  detail: string;
}

/**
 * Waits for a send slot: until the slot the account's pacing gives (a durable timer, so the account's sends
 * go out evenly spaced); under a full cap window, until it frees; with no usable sender account or adapter
 * for the channel, or with the journey's account stopped, tick by tick until an operator sets one up or
 * resumes it.
 */
async function takeSlot(j: JourneyRuntime, node: SequenceNode, channel: Channel): Promise<'granted' | 'cancelled'> {
  for (let renewal = 0; ; ) {
    const slot = await trySlot(j, node, channel, renewal);
    if ('retryAt' in slot) {
      if ((await waitFor(j, node, channel, slot)) === 'cancelled') return 'cancelled';
      continue;
    }
    if (slot.slotAt === undefined || slot.slotAt <= j.at || !patched(PACED_SEND_SLOTS)) return 'granted';
    j.step(node.id, 'send paced', `slot at ${new Date(slot.slotAt).toISOString()}`);
    if ((await j.waitUntil(slot.slotAt)) === 'cancelled') {
      // The slot goes back to the account, so a cancelled backlog does not hold up the journeys after it.
      const senderAccountId = j.state.senders[channel] as string;
      const at = new Date(j.at).toISOString();
      await bookkeeping.releaseSendSlot({ ...j.ref, nodeId: node.id, visit: j.state.visit, channel, senderAccountId, ...(renewal === 0 ? {} : { renewal }), at });
      return 'cancelled';
    }
    if (j.at === slot.slotAt) return 'granted';
    // A pause held the journey past its slot: the slot has gone by, so it takes a new one.
    renewal += 1;
  }
}

/** The granted slot (its time, when the account is paced); otherwise what to wait for, and until when. */
async function trySlot(j: JourneyRuntime, node: SequenceNode, channel: Channel, renewal: number): Promise<Wait | { slotAt: number | undefined }> {
  let slot;
  try {
    slot = await j.books.ride((write) =>
      bookkeeping.takeSendSlot({
        ...j.ref,
        nodeId: node.id,
        visit: j.state.visit,
        channel,
        ...(j.state.senders[channel] === undefined ? {} : { senderAccountId: j.state.senders[channel] }),
        at: new Date(j.at).toISOString(),
        ...(renewal === 0 ? {} : { renewal }),
        ...(write === undefined ? {} : { write }),
      }),
    );
  } catch (error) {
    // Histories recorded before takeSendSlot returned these conditions hold them as activity failures.
    const gaveUp = activityGaveUp(error);
    if (gaveUp?.type !== FAILURE_TYPES.noSender && gaveUp?.type !== FAILURE_TYPES.senderAccount) throw error;
    return senderWait(j, gaveUp.reason);
  }
  if ('unavailable' in slot) return senderWait(j, `${slot.unavailable.type}: ${slot.unavailable.reason}`);
  j.state.senders[channel] = slot.senderAccountId;
  if (slot.granted) return { slotAt: slot.slotAt === undefined ? undefined : Date.parse(slot.slotAt) };
  const reason = `${slot.cap} cap reached`;
  return { retryAt: Date.parse(slot.retryAt), waitingFor: 'send slot', reason, detail: `${reason}, next try at ${slot.retryAt}` };
}

/** Nothing an operator has not fixed will change before the next tick, so that is when to look again. */
function senderWait(j: JourneyRuntime, reason: string): Wait {
  const retryAt = tickAfter(j.at, j.state.tickMs);
  return { retryAt, waitingFor: 'sender account', reason, detail: `${reason}; next try at ${new Date(retryAt).toISOString()}` };
}

async function waitFor(j: JourneyRuntime, node: SequenceNode, channel: Channel, wait: Wait): Promise<WaitResult> {
  const nextTry = new Date(wait.retryAt).toISOString();
  j.step(node.id, wait.waitingFor === 'send slot' ? 'cap reached' : 'sender stopped', wait.detail);
  journeyLog.waiting({ waitingFor: wait.waitingFor, reason: wait.reason, nodeId: node.id, channel, nextTry });
  j.state.nextActionAt = nextTry;
  await j.record('waiting');
  return j.waitUntil(wait.retryAt);
}
