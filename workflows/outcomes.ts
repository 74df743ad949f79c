import type { CheckOutcome } from './activity-contract';
import type { NodeExit } from '../src/sequences/graph';
import { ACTION_CHANNEL, type Channel, type SequenceEdge, type SequenceNode } from '../src/sequences/model';
import { FAILURE_TYPES } from '../src/channels/errors';
import { checks } from './activity-options';
import { activityGaveUp } from './failures';
import type { JourneyRuntime } from './journey-runtime';
import { tickAfter } from './ticks';

type WaitExit = Extract<NodeExit, { kind: 'wait' }>;

export type Decision =
  | { kind: 'edge'; edge: SequenceEdge; observed?: CheckOutcome; via?: 'check' | 'signal' }
  | { kind: 'failed'; reason: string }
  | { kind: 'cancelled' };

/**
 * Decides a conditional exit: checks on every tick until the window closes (and once more at its close),
 * taking the first positive edge whose outcome is seen, or the negative edge when the window ends.
 * An outcome reported by signal is taken at once.
 */
export async function awaitOutcome(j: JourneyRuntime, node: SequenceNode, exit: WaitExit, since: number): Promise<Decision> {
  const deadline = since + exit.windowMs;
  const wanted = exit.positive.map((p) => p.observation);
  const signalled = () => j.signalled.find((s) => wanted.includes(s.observation));
  const scope = checkScope(j, node, since);
  // CHECK_FOR_REPLY's action is the look itself, so its first check runs on the node's own tick.
  const looksAtOnce = ACTION_CHANNEL[node.action] === null;
  for (let checkNumber = 1; ; checkNumber++) {
    const nextCheck = checkNumber === 1 && looksAtOnce
      ? j.at
      : j.at >= deadline ? tickAfter(j.at, j.state.tickMs) : Math.min(tickAfter(j.at, j.state.tickMs), deadline);
    j.state.nextActionAt = new Date(nextCheck).toISOString();
    await j.record({ status: 'waiting' });
    const waited = await j.waitUntil(nextCheck, () => signalled() !== undefined);
    if (waited === 'cancelled') return { kind: 'cancelled' };
    const fromSignal = signalled();
    if (fromSignal) {
      const at = fromSignal.at ?? new Date(j.at).toISOString();
      const observed = { observation: fromSignal.observation, at, positive: fromSignal.positive };
      return { kind: 'edge', edge: positiveEdge(exit, fromSignal.observation), observed, via: 'signal' };
    }
    const seen: CheckOutcome[] = [];
    let blind = false;
    for (const channel of scope.channels) {
      try {
        seen.push(
          ...(await checks.checkOutcomes({
            ...j.ref,
            nodeId: node.id,
            visit: j.state.visit,
            checkNumber,
            channel,
            senderAccountId: j.state.senders[channel] as string,
            observations: wanted,
            since: new Date(scope.since).toISOString(),
            asOf: new Date(j.at).toISOString(),
            providerIds: j.state.sent.filter((m) => m.channel === channel).map((m) => m.providerId),
          })),
        );
      } catch (error) {
        const gaveUp = activityGaveUp(error);
        if (gaveUp === undefined) throw error;
        // With its account stopped the journey cannot see an answer, so the window must not close on it:
        // a lead who replied meanwhile would get the follow-up meant for silence.
        if (gaveUp.type === FAILURE_TYPES.senderAccount) {
          blind = true;
          j.step(node.id, 'entered', `waiting: ${gaveUp.reason}`);
          continue;
        }
        // A check that keeps failing is tried again on the next tick; only a permanent one ends the journey.
        if (!gaveUp.retriesExhausted) return { kind: 'failed', reason: gaveUp.reason };
        j.step(node.id, 'failed', `check skipped: ${gaveUp.reason}`);
      }
    }
    for (const { observation, edge } of exit.positive) {
      const hit = seen.find((o) => o.observation === observation);
      if (hit) return { kind: 'edge', edge, observed: hit, via: 'check' };
    }
    if (j.at >= deadline && !blind) return { kind: 'edge', edge: exit.negative };
  }
}

function positiveEdge(exit: WaitExit, observation: string): SequenceEdge {
  const found = exit.positive.find((p) => p.observation === observation);
  if (!found) throw new Error(`no positive edge for ${observation}`);
  return found.edge;
}

/**
 * Where and since when to look. After a send: that channel, since the send. CHECK_FOR_REPLY: every
 * channel this journey sent on, since its first message.
 */
function checkScope(j: JourneyRuntime, node: SequenceNode, since: number): { channels: Channel[]; since: number } {
  const channel = ACTION_CHANNEL[node.action];
  if (channel !== null) return { channels: [channel], since };
  const channels = [...new Set(j.state.sent.map((m) => m.channel))];
  const first = j.state.sent[0];
  return { channels, since: first ? Date.parse(first.sentAt) : since };
}
