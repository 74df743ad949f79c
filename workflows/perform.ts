import { FAILURE_TYPES } from '../src/channels/errors';
import { ACTION_CHANNEL, type Channel, type SequenceNode } from '../src/sequences/model';
import { channelActivities } from './activity-options';
import { activityGaveUp } from './failures';
import type { JourneyRuntime } from './journey-runtime';
import { tickAfter } from './ticks';

export type ActionResult =
  | { kind: 'done'; at: number }
  | { kind: 'failed'; reason: string }
  | { kind: 'cancelled' };

const SENT_KEPT = 50;

/**
 * Carries out a node's action: waits for a free send slot under the sender account's caps (a durable
 * timer, so waiting burns no retry attempts), then sends. CHECK_FOR_REPLY sends nothing.
 */
export async function performAction(j: JourneyRuntime, node: SequenceNode): Promise<ActionResult> {
  const channel = ACTION_CHANNEL[node.action];
  // A check touches nobody, so it does not take the tick: a reply it sees is answered on the same tick.
  if (channel === null) return { kind: 'done', at: j.at };
  for (;;) {
    try {
      if ((await takeSlot(j, node, channel)) === 'cancelled') return { kind: 'cancelled' };
      return await send(j, node, channel);
    } catch (error) {
      const gaveUp = activityGaveUp(error);
      if (gaveUp === undefined) throw error;
      // The provider refused the account itself: it is stopped now, and the send waits in takeSlot until an
      // operator resumes it, instead of failing a lead who did nothing wrong.
      if (gaveUp.type === FAILURE_TYPES.senderAccount) {
        j.step(node.id, 'entered', gaveUp.reason);
        continue;
      }
      return { kind: 'failed', reason: gaveUp.reason };
    }
  }
}

async function send(j: JourneyRuntime, node: SequenceNode, channel: Channel): Promise<ActionResult> {
  const template = node.template === undefined ? undefined : j.input.graph.templates[node.template];
  const variant = template?.variants.find((v) => v.id === j.state.variants[template.id]);
  const sent = await channelActivities[channel].sendAction({
    ...j.ref,
    nodeId: node.id,
    visit: j.state.visit,
    channel,
    action: node.action,
    senderAccountId: j.state.senders[channel] as string,
    ...(variant === undefined ? {} : { variant }),
    earlierProviderIds: j.state.sent.filter((m) => m.channel === channel).map((m) => m.providerId),
    at: new Date(j.at).toISOString(),
  });
  j.state.lastActionAt = new Date(j.at).toISOString();
  j.state.sent.push({ nodeId: node.id, channel, providerId: sent.providerId, sentAt: sent.sentAt });
  if (j.state.sent.length > SENT_KEPT) j.state.sent.shift();
  j.step(node.id, 'sent', node.action);
  return { kind: 'done', at: Date.parse(sent.sentAt) };
}

/**
 * Waits for a send slot: under a cap, until the slot frees (sent then, not on the next tick, so a capped
 * account's backlog drains evenly through the hour instead of bursting at each boundary); with no usable
 * sender account or adapter for the channel, or with the journey's account stopped, tick by tick until an
 * operator sets one up or resumes it.
 */
async function takeSlot(j: JourneyRuntime, node: SequenceNode, channel: Channel): Promise<'granted' | 'cancelled'> {
  for (;;) {
    let retryAt: number;
    try {
      const slot = await channelActivities[channel].takeSendSlot({
        ...j.ref,
        nodeId: node.id,
        visit: j.state.visit,
        channel,
        ...(j.state.senders[channel] === undefined ? {} : { senderAccountId: j.state.senders[channel] }),
        at: new Date(j.at).toISOString(),
      });
      j.state.senders[channel] = slot.senderAccountId;
      if (slot.granted) return 'granted';
      retryAt = Date.parse(slot.retryAt);
      j.step(node.id, 'entered', `${slot.cap} cap reached, next try at ${slot.retryAt}`);
    } catch (error) {
      const gaveUp = activityGaveUp(error);
      if (gaveUp?.type !== FAILURE_TYPES.noSender && gaveUp?.type !== FAILURE_TYPES.senderAccount) throw error;
      retryAt = tickAfter(j.at, j.state.tickMs);
      j.step(node.id, 'entered', `${gaveUp.reason}; next try at ${new Date(retryAt).toISOString()}`);
    }
    j.state.nextActionAt = new Date(retryAt).toISOString();
    await j.record({ status: 'waiting' });
    if ((await j.waitUntil(retryAt)) === 'cancelled') return 'cancelled';
  }
}
