import { condition, patched, setHandler } from '@temporalio/workflow';
import type { JourneyEvent, JourneyRef } from './activity-contract';
import { books, type Books } from './books';
import {
  cancelSignal,
  deferSignal,
  journeyStateQuery,
  observeSignal,
  pauseSignal,
  resumeSignal,
  type CarriedState,
  type ExternalObservation,
  type JourneyInput,
  type JourneyState,
  type JourneyStep,
} from './contract';
import { DEFERS_SENDS, deferredUntil } from './defer';
import { hear, heardFrom } from './heard';
import { tickAtOrAfter } from './ticks';
import { isTerminal, type JourneyEventType, type JourneyStatus } from './vocabulary';

const HISTORY_KEPT = 100;

export type WaitResult = 'reached' | 'cancelled' | 'woken';

/** A journey's state and what surrounds it: handlers, waits, the books its steps are recorded in. */
export class JourneyRuntime {
  readonly state: JourneyState;
  readonly ref: JourneyRef;
  readonly books: Books;
  cancelReason: string | null = null;
  /**
   * The journey's clock: the moment the current step is scheduled for. A timer fires a few milliseconds
   * after its target; acting "as of" the target keeps actions and checks exactly on tick boundaries.
   */
  at: number;
  /** Outcomes reported by signal in runs recorded before HEARS_EVENTS; later runs keep them in `state.heard`. */
  readonly signalled: ExternalObservation[] = [];

  constructor(
    readonly input: JourneyInput,
    readonly workflowId: string,
    lean: boolean,
    hears: boolean,
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
      ? { ...carriedState(input.carried), run: input.carried.run + 1 }
      : {
          status: lean ? 'waiting' : 'active',
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
    if (hears) this.state.heard = heardFrom(input.carried?.heard);
    else delete this.state.heard;
    this.books = books(this, lean);
  }

  /** Must run before the workflow's first await, so no signal or query finds the journey deaf. */
  registerHandlers(): void {
    setHandler(journeyStateQuery, () => this.state);
    setHandler(pauseSignal, () => {
      if (!isTerminal(this.state.status)) this.state.status = 'paused';
    });
    setHandler(resumeSignal, () => {
      if (this.paused) this.state.status = 'waiting';
    });
    setHandler(cancelSignal, (reason) => {
      this.cancelReason ??= reason ?? 'cancelled by signal';
    });
    setHandler(observeSignal, (observation) => {
      if (!this.state.heard) {
        this.signalled.push(observation);
        return;
      }
      const ignored = hear(this.state.heard, observation, Date.now());
      if (ignored !== undefined) this.step(this.state.nodeId ?? this.input.graph.start, 'signal ignored', ignored);
    });
    setHandler(deferSignal, (deferral) => {
      // Asked only when a deferral comes, so a journey that never hears one records no marker (an upsert each).
      const taken = patched(DEFERS_SENDS) ? deferredUntil(this.state.deferredUntil, deferral, Date.now()) : { ignored: 'defer signal in a run recorded before it' };
      if (taken.until !== undefined) this.state.deferredUntil = taken.until;
      else this.step(this.state.nodeId ?? this.input.graph.start, 'signal ignored', taken.ignored);
    });
  }

  get cancelled(): boolean {
    return this.cancelReason !== null;
  }

  get paused(): boolean {
    return this.state.status === 'paused';
  }

  /** Sets the status a step leaves the journey in; a pause holds until the resume signal or the end. */
  setStatus(status: JourneyStatus): void {
    if (this.paused && !isTerminal(status)) return;
    this.state.status = status;
  }

  /** Records a step: see Books.record. */
  record(status: JourneyStatus, events?: JourneyEvent[]): Promise<void> {
    return this.books.record(status, events);
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
      if (this.paused) {
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
      // What the journey has not written yet is written before it sleeps; that took time, so look again.
      if (await this.books.flush()) continue;
      await condition(() => this.cancelled || this.paused || wake(), remaining);
    }
  }

  /** Holds until resumed or cancelled; returns the target to wait for after the resume. */
  private async holdWhilePaused(targetMs: number): Promise<number> {
    const nodeId = this.state.nodeId ?? this.input.graph.start;
    const pausedAt = Date.now();
    this.at = Math.max(this.at, pausedAt);
    this.step(nodeId, 'paused');
    await this.record('paused', [this.event('journey_paused', { qualifier: `paused@${pausedAt}` })]);
    await this.books.flush();
    await condition(() => !this.paused || this.cancelled);
    this.at = Math.max(this.at, Date.now());
    if (this.cancelled) return targetMs;
    // What fell due during the pause happens on the first tick after the resume, not at the moment of it.
    if (targetMs < this.at) {
      targetMs = tickAtOrAfter(this.at, this.state.tickMs);
      this.state.nextActionAt = new Date(targetMs).toISOString();
    }
    this.step(nodeId, 'resumed');
    await this.record('waiting', [this.event('journey_resumed', { qualifier: `resumed@${pausedAt}` })]);
    return targetMs;
  }

  /** An event at the journey's current node and visit unless told otherwise, as of the journey's clock. */
  event(type: JourneyEventType, opts: { qualifier?: string; detail?: Record<string, unknown> } = {}): JourneyEvent {
    return {
      type,
      nodeId: this.state.nodeId ?? this.input.graph.start,
      visit: this.state.visit,
      ...(opts.qualifier === undefined ? {} : { qualifier: opts.qualifier }),
      detail: opts.detail ?? {},
      occurredAt: new Date(this.at).toISOString(),
    };
  }

  startedEvent(): JourneyEvent {
    return this.event('journey_started', { detail: { sequence: this.input.sequenceName, version: this.input.sequenceVersion } });
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

/** A carried state in today's shape: a pending pause from an older run becomes the status. */
function carriedState(carried: CarriedState): JourneyState {
  const { paused, ...state } = carried;
  return paused && !isTerminal(state.status) ? { ...state, status: 'paused' } : state;
}
