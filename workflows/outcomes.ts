import type { CheckOutcome, CheckResult } from './activity-contract';
import type { ExternalObservation } from './contract';
import type { NodeExit } from '../src/sequences/graph';
import { ACTION_CHANNEL, type Channel, type SequenceEdge, type SequenceNode } from '../src/sequences/model';
import { FAILURE_TYPES } from '../src/channels/errors';
import { checks } from './activity-options';
import { activityGaveUp } from './failures';
import { hearsLive, take, usable } from './heard';
import type { JourneyRuntime } from './journey-runtime';
import { tickAfter } from './ticks';

type WaitExit = Extract<NodeExit, { kind: 'wait' }>;

export type Decision =
  | { kind: 'edge'; edge: SequenceEdge; observed?: CheckOutcome; via?: 'check' | 'signal' }
  | { kind: 'failed'; reason: string }
  | { kind: 'cancelled' };

/**
 * When the first check of a window opened at `since` runs. CHECK_FOR_REPLY's action is the look itself,
 * so it looks on its own tick; after a send, the first check is on the next tick (or at the window's
 * close, if that comes sooner), or only at the close when the channel has a live event source.
 */
export function firstCheckAt(j: JourneyRuntime, node: SequenceNode, exit: WaitExit, since: number): number {
  const channel = ACTION_CHANNEL[node.action];
  return channel === null ? j.at : nextCheckAt(j, since + exit.windowMs, hearsLive(j.state.heard, [channel]));
}

/**
 * The check after one that runs now: the next tick, or the window's close if sooner; past it, tick by tick.
 * With a live source the events come by signal, so the one check left is the reconciliation at the close.
 */
function nextCheckAt(j: JourneyRuntime, deadline: number, live: boolean): number {
  const tick = tickAfter(j.at, j.state.tickMs);
  if (j.at >= deadline) return tick;
  return live ? deadline : Math.min(tick, deadline);
}

/**
 * Decides a conditional exit: checks on every tick until the window closes (and once more at its close),
 * taking the first positive edge whose outcome is seen, or the negative edge when the window ends.
 * An outcome reported by signal is taken at once, also one heard before the wait began if it came after
 * the message it answers. With a live event source on every channel it looks at, the journey checks only
 * at the window's close.
 */
export async function awaitOutcome(j: JourneyRuntime, node: SequenceNode, exit: WaitExit, since: number): Promise<Decision> {
  const deadline = since + exit.windowMs;
  const wanted = exit.positive.map((p) => p.observation);
  const scope = checkScope(j, node, since);
  const { heard } = j.state;
  const signalled: () => ExternalObservation | undefined = heard
    ? () => usable(heard, { observations: wanted, channels: scope.channels, since: scope.since })
    : () => j.signalled.find((s) => wanted.includes(s.observation));
  const live = () => hearsLive(heard, scope.channels);
  let checkAt = firstCheckAt(j, node, exit, since);
  for (let checkNumber = 1; ; checkNumber++) {
    j.state.nextActionAt = new Date(checkAt).toISOString();
    await j.record('waiting');
    const waited = await j.waitUntil(checkAt, () => signalled() !== undefined);
    if (waited === 'cancelled') return { kind: 'cancelled' };
    const fromSignal = signalled();
    if (fromSignal) {
      if (heard) take(heard, fromSignal);
      const at = fromSignal.at ?? new Date(j.at).toISOString();
      const observed = { observation: fromSignal.observation, at, positive: fromSignal.positive };
      return { kind: 'edge', edge: positiveEdge(exit, fromSignal.observation), observed, via: 'signal' };
    }
    // Should this check see nothing, the journey looks again then; the check writes that wait itself.
    checkAt = nextCheckAt(j, deadline, live());
    const seen: CheckOutcome[] = [];
    let blind = false;
    for (const channel of scope.channels) {
      try {
        const outcomes = await j.books.ride(
          (write) =>
            checks.checkOutcomes({
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
              ...(write === undefined ? {} : { write }),
            }),
          { nextActionAt: new Date(checkAt).toISOString() },
        );
        seen.push(...outcomesOf(outcomes));
      } catch (error) {
        const gaveUp = activityGaveUp(error);
        if (gaveUp === undefined) throw error;
        // With its account stopped the journey cannot see an answer, so the window must not close on it:
        // a lead who replied meanwhile would get the follow-up meant for silence.
        if (gaveUp.type === FAILURE_TYPES.senderAccount) {
          blind = true;
          j.step(node.id, 'sender stopped', gaveUp.reason);
          continue;
        }
        // A check that keeps failing is tried again on the next tick; only a permanent one ends the journey.
        if (!gaveUp.retriesExhausted) return { kind: 'failed', reason: gaveUp.reason };
        j.step(node.id, 'check skipped', gaveUp.reason);
      }
    }
    for (const { observation, edge } of exit.positive) {
      const hit = seen.find((o) => o.observation === observation);
      if (hit) return { kind: 'edge', edge, observed: hit, via: 'check' };
    }
    if (j.at >= deadline && !blind) return { kind: 'edge', edge: exit.negative };
    // The check found the source come or gone: the next check moves with it (the wait writes the change).
    if (heard) checkAt = nextCheckAt(j, deadline, live());
  }
}

/** Checks answered with a bare list before they reported the account's live source; histories hold both. */
function outcomesOf(result: CheckResult | CheckOutcome[]): CheckOutcome[] {
  return Array.isArray(result) ? result : result.outcomes;
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
