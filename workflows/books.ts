import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { JourneyEvent, JourneyProgress, JourneyWrite } from './activity-contract';
import { bookkeeping } from './activity-options';
import { searchAttributes } from './contract';
import { noteLiveSource } from './heard';
import type { JourneyRuntime } from './journey-runtime';
import type { JourneyStatus } from './vocabulary';

/**
 * Journeys started before this patch write progress and upsert search attributes at every step: four
 * Temporal actions per waiting tick. From it on, writes ride on the activities that run anyway, and search
 * attributes change only when node or status does: a waiting tick costs its timer and its check.
 */
export const LEAN_BOOKKEEPING = 'lean-bookkeeping';

/** How a journey's progress and events reach Postgres and its search attributes. */
export interface Books {
  /** Records the journey's start: its first write. */
  start(): Promise<void>;
  /** Records entering a node, whose action is due at `plan()` (workflow time). */
  entered(events: JourneyEvent[], plan: () => number): Promise<void>;
  /** Records a step; whether it is written at once or with the next write is the books' choice. */
  record(status: JourneyStatus, events?: JourneyEvent[]): Promise<void>;
  /**
   * Runs an activity that can carry what is left to write, with the progress as the activity will leave it
   * (`after`); the activity writes it, so it costs no action of its own. What the activity reports of its
   * account's live event source is kept for the waits that follow.
   */
  ride<T>(call: (write: JourneyWrite | undefined) => Promise<T>, after?: Partial<JourneyProgress>): Promise<T>;
  /** Writes what is left; true when it wrote. Called before the journey sleeps, continues as new or ends. */
  flush(): Promise<boolean>;
}

export function books(j: JourneyRuntime, lean: boolean): Books {
  return lean ? new LeanBooks(j) : new EveryStepBooks(j);
}

/** The progress the journey is at now, as the enrollments table shows it. */
function progressOf(j: JourneyRuntime): JourneyProgress {
  const { state } = j;
  return {
    currentNode: state.nodeId,
    visit: state.visit,
    status: state.status,
    nextActionAt: state.nextActionAt,
    variantChoices: { ...state.variants },
    ...(state.endReason === null ? {} : { endReason: state.endReason }),
    at: new Date(j.at).toISOString(),
  };
}

/** The bookkeeping of runs recorded before LEAN_BOOKKEEPING: an upsert and a write at every step. */
class EveryStepBooks implements Books {
  constructor(private readonly j: JourneyRuntime) {}

  async start(): Promise<void> {
    const { j } = this;
    j.state.tickMs = (await bookkeeping.journeySettings()).tickMs;
    upsertSearchAttributes([
      { key: searchAttributes.sequence, value: j.input.sequenceName },
      { key: searchAttributes.version, value: j.input.sequenceVersion },
      { key: searchAttributes.lead, value: j.input.personId },
    ]);
    await this.write('active', [j.startedEvent()], true);
  }

  async entered(events: JourneyEvent[], plan: () => number): Promise<void> {
    this.j.state.nextActionAt = new Date(plan()).toISOString();
    await this.record('waiting', events);
  }

  record(status: JourneyStatus, events: JourneyEvent[] = []): Promise<void> {
    return this.write(status, events, false);
  }

  async ride<T>(call: (write: JourneyWrite | undefined) => Promise<T>): Promise<T> {
    const result = await call(undefined);
    noteLiveSource(this.j.state.heard, result);
    return result;
  }

  async flush(): Promise<boolean> {
    return false;
  }

  private async write(status: JourneyStatus, events: JourneyEvent[], start: boolean): Promise<void> {
    const { j } = this;
    j.setStatus(status);
    upsertSearchAttributes([
      { key: searchAttributes.node, value: j.state.nodeId ?? '(ended)' },
      { key: searchAttributes.status, value: j.state.status },
    ]);
    const progress = progressOf(j);
    await bookkeeping.recordJourney({ journey: j.ref, ...(start ? { startedAt: progress.at } : {}), events, progress });
  }
}

/**
 * Keeps steps until a write: the next activity carries them, or recordJourney just before the journey
 * sleeps on a timer or a pause. A journey that is not paused and has not ended is `waiting`: the
 * milliseconds between a wake-up and the next write are not worth an 'active' of their own.
 */
class LeanBooks implements Books {
  private queued: JourneyEvent[] = [];
  /** The progress last written, without its time; null before this run's first write. */
  private written: string | null = null;
  /** When the journey started, until its start is written. */
  private startToWrite: string | null = null;

  constructor(private readonly j: JourneyRuntime) {}

  async start(): Promise<void> {
    this.startToWrite = new Date(this.j.at).toISOString();
    this.queued.push(this.j.startedEvent());
  }

  async entered(events: JourneyEvent[], plan: () => number): Promise<void> {
    const { j } = this;
    j.setStatus('waiting');
    const startedAt = this.startToWrite;
    if (startedAt === null) {
      j.state.nextActionAt = new Date(plan()).toISOString();
      this.queued.push(...events);
      return;
    }
    // A fresh journey learns the deployment's tick from its first write, which places its first action.
    const { nextActionAt: _unknownYet, ...progress } = progressOf(j);
    this.mirror(progress);
    const begun = await bookkeeping.beginJourney({ journey: j.ref, startedAt, events: [...this.queued, ...events], progress });
    j.state.tickMs = begun.tickMs;
    j.state.nextActionAt = begun.nextActionAt;
    this.queued = [];
    this.written = withoutTime({ ...progress, nextActionAt: begun.nextActionAt });
    this.startToWrite = null;
  }

  async record(status: JourneyStatus, events: JourneyEvent[] = []): Promise<void> {
    this.j.setStatus(status === 'active' ? 'waiting' : status);
    // An event kept unwritten can be decided again (an end interrupted by a cancellation): the latest counts.
    this.queued = [...this.queued.filter((kept) => !events.some((e) => sameEvent(kept, e))), ...events];
  }

  async ride<T>(call: (write: JourneyWrite | undefined) => Promise<T>, after?: Partial<JourneyProgress>): Promise<T> {
    const write = this.pending(after);
    if (write?.progress) this.mirror(write.progress);
    const result = await call(write);
    if (write) this.done(write);
    noteLiveSource(this.j.state.heard, result);
    return result;
  }

  async flush(): Promise<boolean> {
    const write = this.pending();
    if (!write) return false;
    if (write.progress) this.mirror(write.progress);
    await bookkeeping.recordJourney({ journey: this.j.ref, ...write });
    this.done(write);
    return true;
  }

  /** What is left to write, with the progress only when it changed; undefined when nothing is. */
  private pending(after: Partial<JourneyProgress> = {}): JourneyWrite | undefined {
    const progress = { ...progressOf(this.j), ...after };
    const changed = withoutTime(progress) !== this.written;
    if (!changed && this.queued.length === 0 && this.startToWrite === null) return undefined;
    return {
      ...(this.startToWrite === null ? {} : { startedAt: this.startToWrite }),
      events: [...this.queued],
      ...(changed ? { progress } : {}),
    };
  }

  private done(write: JourneyWrite): void {
    this.queued = this.queued.slice(write.events.length);
    if (write.progress) this.written = withoutTime(write.progress);
    if (write.startedAt !== undefined) this.startToWrite = null;
  }

  /** Upserts node and status where they differ from the journey's search attributes. */
  private mirror(progress: Pick<JourneyProgress, 'currentNode' | 'status'>): void {
    const current = workflowInfo().typedSearchAttributes;
    const node = progress.currentNode ?? '(ended)';
    const changes = [
      ...(current.get(searchAttributes.node) === node ? [] : [{ key: searchAttributes.node, value: node }]),
      ...(current.get(searchAttributes.status) === progress.status ? [] : [{ key: searchAttributes.status, value: progress.status }]),
    ];
    if (changes.length > 0) upsertSearchAttributes(changes);
  }
}

/** Events with one identity share one idempotency key: only one of them can be written. */
function sameEvent(a: JourneyEvent, b: JourneyEvent): boolean {
  return a.type === b.type && a.nodeId === b.nodeId && a.visit === b.visit && a.qualifier === b.qualifier;
}

/** The progress without its time, to tell whether it changed since the last write. */
function withoutTime(p: Omit<JourneyProgress, 'at'>): string {
  return JSON.stringify([p.currentNode, p.visit, p.status, p.nextActionAt, p.variantChoices, p.endReason ?? null]);
}
