import { CancellationScope, continueAsNew, isCancellation, patched, workflowInfo } from '@temporalio/workflow';
import { findNode, nodeExit } from '../src/sequences/graph';
import { MESSAGE_ACTIONS, type SequenceEdge, type SequenceNode } from '../src/sequences/model';
import { chooseVariant } from '../src/sequences/variants';
import type { JourneyEvent } from './activity-contract';
import { LEAN_BOOKKEEPING } from './books';
import { SUPPRESSED_END_REASON, type JourneyInput, type JourneyState } from './contract';
import { forgetStale, HEARS_EVENTS } from './heard';
import { JourneyRuntime } from './journey-runtime';
import { awaitOutcome } from './outcomes';
import { performAction } from './perform';
import { tickAfter, tickAtOrAfter } from './ticks';
import type { TerminalStatus } from './vocabulary';

const DEFAULT_NODES_PER_RUN = 100;

/** One lead's journey through one published sequence version. */
export async function journeyWorkflow(input: JourneyInput): Promise<JourneyState> {
  // Checked once, before the first command: a run recorded without a marker keeps the behaviour before it.
  const j = new JourneyRuntime(input, workflowInfo().workflowId, patched(LEAN_BOOKKEEPING), patched(HEARS_EVENTS));
  j.registerHandlers();
  try {
    if (!input.carried) await j.books.start();
    return await walk(j);
  } catch (error) {
    if (isCancellation(error)) {
      await CancellationScope.nonCancellable(() => finish(j, 'cancelled', 'workflow cancelled'));
    }
    throw error;
  }
}

async function walk(j: JourneyRuntime): Promise<JourneyState> {
  const nodesPerRun = j.input.nodesPerRun ?? DEFAULT_NODES_PER_RUN;
  for (let nodesThisRun = 0; ; nodesThisRun++) {
    if (j.cancelled) return finish(j, 'cancelled', j.cancelReason);
    if (nodesThisRun >= nodesPerRun || workflowInfo().continueAsNewSuggested) {
      await j.books.flush();
      const carriedAt = new Date(j.at).toISOString();
      return continueAsNew<typeof journeyWorkflow>({ ...j.input, carried: j.state, carriedAt });
    }
    const node = findNode(j.input.graph, j.state.nodeId as string);
    const visits = (j.state.visits[node.id] ?? 0) + 1;
    if (node.maxVisits !== undefined && visits > node.maxVisits) {
      return finish(j, 'completed', `visit limit: node "${node.id}" allows ${node.maxVisits} visits`);
    }
    j.state.visits[node.id] = visits;
    j.state.visit = visits;
    if (j.state.heard) forgetStale(j.state.heard, j.input.graph, j.state.sent);
    else j.signalled.length = 0;

    if ((await enter(j, node)) === 'cancelled') return finish(j, 'cancelled', j.cancelReason);
    const exit = nodeExit(j.input.graph, node.id);
    const action = await performAction(j, node, exit);
    if (action.kind === 'cancelled') return finish(j, 'cancelled', j.cancelReason);
    if (action.kind === 'suppressed') return finish(j, 'cancelled', SUPPRESSED_END_REASON);
    if (action.kind === 'failed') {
      const failed = j.event('action_failed', { detail: { action: node.action, reason: action.reason } });
      return finish(j, 'failed', action.reason, [failed]);
    }

    if (exit.kind === 'end') return finish(j, 'completed', `END after "${node.id}"`);
    let taken: { edge: SequenceEdge; events: JourneyEvent[] };
    if (exit.kind === 'next') {
      taken = { edge: { from: node.id, to: exit.to, trigger: 'NORMAL_EDGE' }, events: [] };
    } else {
      await j.record('waiting');
      const decision = await awaitOutcome(j, node, exit, action.at);
      if (decision.kind === 'cancelled') return finish(j, 'cancelled', j.cancelReason);
      if (decision.kind === 'failed') {
        return finish(j, 'failed', decision.reason, [j.event('action_failed', { detail: { reason: decision.reason } })]);
      }
      const events: JourneyEvent[] = [];
      if (decision.via === 'signal' && decision.observed) {
        const { observation, positive } = decision.observed;
        const detail = { observation, positive: positive ?? null, via: 'signal' };
        events.push({ ...j.event('outcome_observed', { qualifier: observation, detail }), occurredAt: decision.observed.at });
      }
      taken = { edge: decision.edge, events };
      if (decision.observed) j.step(node.id, 'observed', decision.observed.observation);
    }

    const { edge } = taken;
    const branch = j.event('branch_taken', { detail: { trigger: edge.trigger, to: edge.to } });
    j.step(node.id, 'branched', `${edge.trigger} -> ${edge.to ?? '(end)'}`);
    if (edge.to === null) return finish(j, 'completed', `${edge.trigger} after "${node.id}"`, [...taken.events, branch]);
    await j.record('active', [...taken.events, branch]);
    j.state.nodeId = edge.to;
  }
}

/** Enters a node: picks the template variant once per journey, then waits for the tick the action runs on. */
async function enter(j: JourneyRuntime, node: SequenceNode): Promise<'reached' | 'cancelled'> {
  const events = [j.event('node_entered', { detail: { action: node.action } })];
  const template = node.template === undefined ? undefined : j.input.graph.templates[node.template];
  if (template && j.state.variants[template.id] === undefined) {
    // Math.random is seeded per workflow by Temporal, so the choice replays identically.
    const variant = chooseVariant(template, Math.random());
    j.state.variants[template.id] = variant.id;
    events.push(j.event('variant_chosen', { qualifier: template.id, detail: { template: template.id, variant: variant.id } }));
  }
  j.step(node.id, 'entered', node.action);
  await j.books.entered(events, () => actionTick(j));
  let waited = await j.waitUntil(Date.parse(j.state.nextActionAt as string));
  while (waited !== 'cancelled' && MESSAGE_ACTIONS.has(node.action) && deferredPast(j) !== undefined) {
    waited = await waitForReturn(j, node, deferredPast(j) as number);
  }
  j.state.nextActionAt = null;
  if (waited === 'cancelled') return 'cancelled';
  // Written as 'active' only by runs on the old bookkeeping; lean books stay 'waiting' (see LeanBooks).
  await j.record('active');
  return 'reached';
}

/** The time a deferral holds messages until, when it is still ahead of the journey's clock. */
function deferredPast(j: JourneyRuntime): number | undefined {
  const until = j.state.deferredUntil === undefined ? Number.NaN : Date.parse(j.state.deferredUntil);
  return until > j.at ? until : undefined;
}

/** The person is away: the message goes on the first tick at or after their return (a later deferral moves it again). */
async function waitForReturn(j: JourneyRuntime, node: SequenceNode, until: number): Promise<'reached' | 'cancelled' | 'woken'> {
  const target = tickAtOrAfter(until, j.state.tickMs);
  j.state.nextActionAt = new Date(target).toISOString();
  j.step(node.id, 'send deferred', j.state.nextActionAt);
  await j.record('waiting');
  return j.waitUntil(target);
}

/**
 * An action runs on the first tick at or after the moment its node is entered, but never on the tick the
 * journey's previous send ran on: a reply seen on a check reacts on that same tick, while two sends
 * joined by NORMAL_EDGE land a tick apart.
 */
function actionTick(j: JourneyRuntime): number {
  const tick = tickAtOrAfter(j.at, j.state.tickMs);
  const last = j.state.lastActionAt === null ? -Infinity : Date.parse(j.state.lastActionAt);
  return tick > last ? tick : tickAfter(last, j.state.tickMs);
}

async function finish(j: JourneyRuntime, status: TerminalStatus, reason: string | null, events: JourneyEvent[] = []): Promise<JourneyState> {
  j.state.endReason = reason;
  j.state.nextActionAt = null;
  const nodeId = j.state.nodeId ?? j.input.graph.start;
  j.step(nodeId, 'ended', `${status}${reason ? `: ${reason}` : ''}`);
  await j.record(status, [...events, j.event('journey_ended', { detail: { status, reason } })]);
  await j.books.flush();
  return j.state;
}
