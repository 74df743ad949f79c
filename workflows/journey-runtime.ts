import { condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { NewEvent } from '../src/db/events';
import type { JourneyRef } from './activity-contract';
import { bookkeeping } from './activity-options';
import {
  cancelSignal,
  journeyStateQuery,
  observeSignal,
  pauseSignal,
  resumeSignal,
  searchAttributes,
  type ExternalObservation,
  type JourneyInput,
  type JourneyState,
  type JourneyStatus,
  type JourneyStep,
} from './contract';
import { tickAtOrAfter } from './ticks';

const HISTORY_KEPT = 100;

export type WaitResult = 'reached' | 'cancelled' | 'woken';

/** A journey's state and the bookkeeping around it: handlers, waits, progress records. */
export class JourneyRuntime {
  readonly state: JourneyState;
  readonly ref: JourneyRef;
  cancelReason: string | null = null;
  /**
   * The journey's clock: the moment the current step is scheduled for. A timer fires a few milliseconds
   * after its target; acting "as of" the target keeps actions and checks exactly on tick boundaries.
   */
  at: number;
  /** Outcomes reported by signal, consumed by the node waiting for them. */
  readonly signalled: ExternalObservation[] = [];

  constructor(
    readonly input: JourneyInput,
    readonly workflowId: string,
  ) {
    // A new run starts a little after the previous one handed over; it carries on from the hand-over.
    this.at = input.carriedAt === undefined ? Date.now() : Date.parse(input.carriedAt);
    this.ref = {
      workflowId,
      sequenceVersionId: input.sequenceVersionId,
      personId: input.personId,
      ...(input.audienceId === undefined ? {} : { audienceId: input.audienceId }),
    };
    this.state = input.carried
      ? { ...input.carried, run: input.carried.run + 1 }
      : {
          status: 'active',
          paused: false,
          nodeId: input.graph.start,
          visit: 0,
          visits: {},
          variants: {},
          senders: {},
          sent: [],
          nextActionAt: null,
          lastActionAt: null,
          endReason: null,
          history: [],
          stepCount: 0,
          tickMs: 0,
          run: 1,
        };
  }

  /** Must run before the workflow's first await, so no signal or query finds the journey deaf. */
  registerHandlers(): void {
    setHandler(journeyStateQuery, () =>
      this.state.paused && !isTerminal(this.state.status) ? { ...this.state, status: 'paused' } : this.state,
    );
    setHandler(pauseSignal, () => {
      if (!isTerminal(this.state.status)) this.state.paused = true;
    });
    setHandler(resumeSignal, () => {
      this.state.paused = false;
    });
    setHandler(cancelSignal, (reason) => {
      this.cancelReason ??= reason ?? 'cancelled by signal';
    });
    setHandler(observeSignal, (observation) => {
      this.signalled.push(observation);
    });
  }

  get cancelled(): boolean {
    return this.cancelReason !== null;
  }

  /**
   * Sleeps until `targetMs` (workflow time), holding while paused. Returns early when the journey is
   * cancelled, or when `wake` turns true.
   */
  async waitUntil(targetMs: number, wake: () => boolean = () => false): Promise<WaitResult> {
    for (;;) {
      if (this.cancelled) {
        this.at = Math.max(this.at, Date.now());
        return 'cancelled';
      }
      if (this.state.paused) {
        targetMs = await this.holdWhilePaused(targetMs);
        continue;
      }
      if (wake()) {
        this.at = Math.max(this.at, Date.now());
        return 'woken';
      }
      const remaining = targetMs - Date.now();
      if (remaining <= 0) {
        this.at = Math.max(this.at, targetMs);
        return 'reached';
      }
      await condition(() => this.cancelled || this.state.paused || wake(), remaining);
    }
  }

  /** Holds until resumed or cancelled; returns the target to wait for after the resume. */
  private async holdWhilePaused(targetMs: number): Promise<number> {
    const nodeId = this.state.nodeId ?? this.input.graph.start;
    const pausedAt = Date.now();
    this.at = Math.max(this.at, pausedAt);
    this.step(nodeId, 'paused');
    await this.record({ status: 'paused', events: [this.event('journey_paused', { key: `paused@${pausedAt}` })] });
    await condition(() => !this.state.paused || this.cancelled);
    this.at = Math.max(this.at, Date.now());
    if (this.cancelled) return targetMs;
    // What fell due during the pause happens on the first tick after the resume, not at the moment of it.
    if (targetMs < this.at) {
      targetMs = tickAtOrAfter(this.at, this.state.tickMs);
      this.state.nextActionAt = new Date(targetMs).toISOString();
    }
    this.step(nodeId, 'resumed');
    await this.record({ status: 'waiting', events: [this.event('journey_resumed', { key: `resumed@${pausedAt}` })] });
    return targetMs;
  }

  /** Writes progress (and events) to Postgres and mirrors node and status into search attributes. */
  async record(opts: { status: JourneyStatus; events?: NewEvent[]; start?: boolean }): Promise<void> {
    this.state.status = opts.status;
    const now = new Date(this.at).toISOString();
    upsertSearchAttributes([
      { key: searchAttributes.node, value: this.state.nodeId ?? '(ended)' },
      { key: searchAttributes.status, value: this.state.status },
    ]);
    await bookkeeping.recordJourney({
      start: opts.start ? { ...this.ref, startedAt: now } : undefined,
      events: opts.events ?? [],
      progress: {
        workflowId: this.workflowId,
        currentNode: this.state.nodeId,
        visit: this.state.visit,
        status: this.state.status,
        nextActionAt: this.state.nextActionAt,
        variantChoices: this.state.variants,
        ...(this.state.endReason === null ? {} : { endReason: this.state.endReason }),
        at: now,
      },
    });
  }

  /** An event whose key derives from the journey, node and visit, so a replayed write lands once. */
  event(
    type: NewEvent['type'],
    opts: { nodeId?: string; visit?: number; key?: string; detail?: Record<string, unknown> } = {},
  ): NewEvent {
    const nodeId = opts.nodeId ?? this.state.nodeId ?? undefined;
    const visit = opts.visit ?? this.state.visit;
    return {
      eventKey: [this.workflowId, nodeId ?? '-', visit, type, opts.key].filter((p) => p !== undefined).join(':'),
      workflowId: this.workflowId,
      sequenceVersionId: this.input.sequenceVersionId,
      personId: this.input.personId,
      type,
      ...(nodeId === undefined ? {} : { nodeId, visit }),
      detail: opts.detail ?? {},
      occurredAt: new Date(this.at).toISOString(),
    };
  }

  step(nodeId: string, what: JourneyStep['what'], detail?: string): void {
    this.state.history.push({
      at: new Date(this.at).toISOString(),
      nodeId,
      visit: this.state.visit,
      what,
      ...(detail === undefined ? {} : { detail }),
    });
    if (this.state.history.length > HISTORY_KEPT) this.state.history.shift();
    this.state.stepCount += 1;
  }
}

export function isTerminal(status: JourneyStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}
