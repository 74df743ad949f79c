import { ACTION_CHANNEL, type SequenceNode } from '../src/sequences/model';
import { channelActivities } from './activity-options';
import { activityGaveUp } from './failures';
import type { JourneyRuntime } from './journey-runtime';

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
  const activities = channelActivities[channel];
  const where = { ...j.ref, nodeId: node.id, visit: j.state.visit, channel };
  try {
    for (;;) {
      const slot = await activities.takeSendSlot({
        ...where,
        ...(j.state.senders[channel] === undefined ? {} : { senderAccountId: j.state.senders[channel] }),
        at: new Date(j.at).toISOString(),
      });
      j.state.senders[channel] = slot.senderAccountId;
      if (slot.granted) break;
      // Sent as soon as a slot frees, not on the next tick: a capped account's backlog drains evenly
      // through the hour instead of bursting at each boundary.
      const retryAt = Date.parse(slot.retryAt);
      j.state.nextActionAt = slot.retryAt;
      j.step(node.id, 'entered', `${slot.cap} cap reached, next try at ${slot.retryAt}`);
      await j.record({ status: 'waiting' });
      if ((await j.waitUntil(retryAt)) === 'cancelled') return { kind: 'cancelled' };
    }
    const template = node.template === undefined ? undefined : j.input.graph.templates[node.template];
    const variant = template?.variants.find((v) => v.id === j.state.variants[template.id]);
    const sent = await activities.sendAction({
      ...where,
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
  } catch (error) {
    const gaveUp = activityGaveUp(error);
    if (gaveUp === undefined) throw error;
    return { kind: 'failed', reason: gaveUp.reason };
  }
}
