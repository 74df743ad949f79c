import { randomBytes, randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { ensureSandboxSenders as provisionSandboxSenders, sandboxChannels, sandboxHandle } from '../../src/channels/sandbox';
import type { SandboxScript } from '../../src/channels/sandbox-script';
import { startJourneys } from '../../src/client/start-journeys';
import { getEnrollment, type Enrollment } from '../../src/db/enrollments';
import { listEvents, type JourneyEvent } from '../../src/db/events';
import { listSandboxSends, setSandboxScript, type SandboxSend } from '../../src/db/sandbox';
import { publishSequenceVersion } from '../../src/db/sequences';
import type { EventType } from '../../src/db/tables';
import type { JourneyDeps } from '../../activities/deps';
import { CHANNELS, type SequenceGraph } from '../../src/sequences/model';
import { validateSequence, formatProblems } from '../../src/sequences/validate';
import { createJourneyWorker } from '../../src/worker/create-worker';
import { journeyStateQuery, journeyWorkflowId, type JourneyState } from '../../workflows/contract';
import type { journeyWorkflow } from '../../workflows/journey';
import { testDb } from './database';
import { insertPerson, type NewPerson } from './persons';
import { journeyBundle, timeSkippingEnv } from './temporal';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const SIX_HOURS = 6 * HOUR;

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Compiles a YAML sequence under a fresh name, failing the test with the problems if it is invalid. */
export function compileSequence(yaml: string): SequenceGraph {
  const name = uniqueName('seq');
  const text = `name: ${name}\n${yaml}`;
  const result = validateSequence(text, { fileName: 'test.yaml' });
  if (!result.ok) throw new Error(formatProblems('test.yaml', result.problems));
  return result.graph;
}

/** The sandbox sender accounts of every channel, active, with caps high enough not to matter unless a test sets them. */
export async function ensureSandboxSenders(db: Knex, caps = { hourlyCap: 10_000, dailyCap: 100_000 }): Promise<void> {
  await provisionSandboxSenders(db, caps);
}

export interface Lead {
  person?: NewPerson;
  script?: SandboxScript;
}

/** A fresh X handle as X allows them (1-15 letters, digits or _): `ada_1a2b3c4d`. */
export function uniqueXHandle(prefix = 'ada'): string {
  return uniqueName(prefix).replace('-', '_');
}

/** A fresh Ethereum address: 0x and 40 hex digits, as XMTP takes them. */
export function uniqueEthereumAddress(): string {
  return `0x${randomBytes(20).toString('hex')}`;
}

/**
 * A person with every identifier, each in a form its real adapter accepts, so that a journey that passes in
 * the sandbox would pass in production; leave one out (`{ email: undefined }`) to test a lead it cannot reach.
 */
export async function createLead(db: Knex, lead: Lead = {}): Promise<string> {
  const personId = await insertPerson(db, {
    firstName: 'Ada',
    xHandle: uniqueXHandle(),
    email: `${uniqueName('ada')}@example.test`,
    linkedinUrl: `https://www.linkedin.com/in/${uniqueName('ada')}`,
    crypto: { chain: 'ethereum', address: uniqueEthereumAddress() },
    ...lead.person,
  });
  if (lead.script) await setSandboxScript(db, personId, lead.script);
  return personId;
}

export interface JourneyHarness {
  env: TestWorkflowEnvironment;
  db: Knex;
  tickMs?: number;
  alertSenderStopped?: JourneyDeps['alertSenderStopped'];
}

/** A worker on a unique task queue, with the real activities, the sandbox channels and Postgres. */
export async function journeyWorker(h: JourneyHarness, taskQueue: string): Promise<Worker> {
  return createJourneyWorker({
    connection: h.env.nativeConnection,
    namespace: h.env.namespace ?? 'default',
    taskQueue,
    deps: {
      db: h.db,
      channels: sandboxChannels(h.db),
      tickMs: h.tickMs ?? SIX_HOURS,
      ...(h.alertSenderStopped === undefined ? {} : { alertSenderStopped: h.alertSenderStopped }),
    },
    workflowBundle: await journeyBundle(),
  });
}

export type JourneyHandle = WorkflowHandle<typeof journeyWorkflow>;

/** Publishes the graph and starts a journey for the person; returns the workflow handle. */
export async function startJourney(
  h: JourneyHarness,
  taskQueue: string,
  graph: SequenceGraph,
  personId: string,
  opts: { nodesPerRun?: number } = {},
): Promise<JourneyHandle> {
  await publishSequenceVersion(h.db, graph, JSON.stringify(graph));
  await startJourneys(h.env.client, h.db, {
    sequenceName: graph.name,
    personIds: [personId],
    taskQueue,
    ...opts,
  });
  return journeyHandle(h, graph.name, personId);
}

export function journeyHandle(h: JourneyHarness, sequenceName: string, personId: string): JourneyHandle {
  return h.env.client.workflow.getHandle<typeof journeyWorkflow>(journeyWorkflowId(sequenceName, personId));
}

/**
 * Mocha hooks for a test file: one time-skipping environment, the shared database and the sandbox senders.
 * Other active accounts are paused for the file's duration (and restored after), so that the journeys here
 * always send through the uncapped sandbox accounts whatever other test files left behind.
 */
export function useJourneyHarness(opts: { tickMs?: number } = {}): JourneyHarness {
  const h = { ...opts } as JourneyHarness;
  let paused: string[] = [];
  before(async function () {
    this.timeout(120_000);
    [h.env, h.db] = await Promise.all([timeSkippingEnv(), testDb()]);
    await ensureSandboxSenders(h.db);
    paused = await h.db('sender_accounts')
      .where({ status: 'active' })
      .whereNotIn('handle', CHANNELS.map(sandboxHandle))
      .update({ status: 'paused' }, ['id'])
      .then((rows) => rows.map((r) => r.id));
  });
  after(async () => {
    if (paused.length > 0) await h.db('sender_accounts').whereIn('id', paused).update({ status: 'active' });
    await h.env?.teardown();
  });
  return h;
}

/** What a journey left behind: its outbox rows, events and enrollment. */
export interface JourneyRecords {
  personId: string;
  workflowId: string;
  sends: SandboxSend[];
  events: JourneyEvent[];
  enrollment: Enrollment;
}

export async function journeyRecords(db: Knex, sequenceName: string, personId: string): Promise<JourneyRecords> {
  const workflowId = journeyWorkflowId(sequenceName, personId);
  const [sends, events, enrollment] = await Promise.all([
    listSandboxSends(db, personId),
    listEvents(db, workflowId),
    getEnrollment(db, workflowId),
  ]);
  if (!enrollment) throw new Error(`journey ${workflowId} has no enrollment`);
  return { personId, workflowId, sends, events, enrollment };
}

export interface FinishedJourney extends JourneyRecords {
  state: JourneyState;
  handle: JourneyHandle;
}

/** Creates the lead, runs its journey to the end on a fresh worker and task queue, and collects the records. */
export async function runJourney(
  h: JourneyHarness,
  graph: SequenceGraph,
  lead: Lead = {},
  opts: { nodesPerRun?: number } = {},
): Promise<FinishedJourney> {
  const personId = await createLead(h.db, lead);
  const taskQueue = uniqueName('q');
  const worker = await journeyWorker(h, taskQueue);
  const { handle, state } = await worker.runUntil(async () => {
    const handle = await startJourney(h, taskQueue, graph, personId, opts);
    return { handle, state: await handle.result() };
  });
  return { ...(await journeyRecords(h.db, graph.name, personId)), state, handle };
}

/**
 * Awaits the journeys' results one after another. Each `result()` unlocks the test server's time skipping
 * while it waits and locks it again when done; awaited together, the first to finish would lock the clock
 * while the others still wait for a timer.
 */
export async function resultsInTurn(handles: JourneyHandle[]): Promise<JourneyState[]> {
  const states: JourneyState[] = [];
  for (const handle of handles) states.push(await handle.result());
  return states;
}

export function eventsOf(events: JourneyEvent[], type: EventType): JourneyEvent[] {
  return events.filter((e) => e.type === type);
}

/** The triggers of the branch_taken events, in order. */
export function branchTriggers(events: JourneyEvent[]): unknown[] {
  return eventsOf(events, 'branch_taken').map((e) => e.detail.trigger);
}

/** Polls (in real time, so the test server's clock does not move) until `probe` returns a value. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Queries the journey until its state satisfies `ok`. */
export function stateWhen(handle: JourneyHandle, what: string, ok: (s: JourneyState) => boolean): Promise<JourneyState> {
  return eventually(what, async () => {
    const state = await handle.query(journeyStateQuery).catch(() => undefined);
    return state && ok(state) ? state : undefined;
  });
}

/** Moves the test server's clock forward to `atMs` (or leaves it, if it is already there). */
export async function skipTo(env: TestWorkflowEnvironment, atMs: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (atMs > now) await env.sleep(atMs - now);
}

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface ActivityRun {
  name: string;
  scheduledAt: Date;
  /** The attempt that closed the activity (Temporal records one started event, for the last attempt). */
  attempt: number;
  startedAt: Date | undefined;
  closedAt: Date | undefined;
  outcome: 'completed' | 'failed' | 'cancelled' | 'timedOut' | 'open';
}

/** Every activity of one run, from its history: scheduling time, the closing attempt and when it closed. */
export async function activityRuns(handle: WorkflowHandle, runId?: string): Promise<ActivityRun[]> {
  const history = await handle.client.getHandle(handle.workflowId, runId).fetchHistory();
  const events = history.events ?? [];
  const byScheduledId = new Map<string, ActivityRun>();
  for (const e of events) {
    const time = eventTime(e);
    if (e.activityTaskScheduledEventAttributes) {
      byScheduledId.set(String(e.eventId), {
        name: e.activityTaskScheduledEventAttributes.activityType?.name ?? '?',
        scheduledAt: time,
        attempt: 0,
        startedAt: undefined,
        closedAt: undefined,
        outcome: 'open',
      });
      continue;
    }
    const closing =
      (e.activityTaskStartedEventAttributes && { id: e.activityTaskStartedEventAttributes.scheduledEventId, outcome: undefined }) ??
      (e.activityTaskCompletedEventAttributes && { id: e.activityTaskCompletedEventAttributes.scheduledEventId, outcome: 'completed' as const }) ??
      (e.activityTaskFailedEventAttributes && { id: e.activityTaskFailedEventAttributes.scheduledEventId, outcome: 'failed' as const }) ??
      (e.activityTaskCanceledEventAttributes && { id: e.activityTaskCanceledEventAttributes.scheduledEventId, outcome: 'cancelled' as const }) ??
      (e.activityTaskTimedOutEventAttributes && { id: e.activityTaskTimedOutEventAttributes.scheduledEventId, outcome: 'timedOut' as const });
    if (!closing) continue;
    const run = byScheduledId.get(String(closing.id));
    if (!run) continue;
    if (closing.outcome === undefined) {
      run.attempt = e.activityTaskStartedEventAttributes?.attempt ?? 0;
      run.startedAt = time;
    } else {
      run.outcome = closing.outcome;
      run.closedAt = time;
    }
  }
  return [...byScheduledId.values()];
}

/** The run ids of a journey, first run first, following continue-as-new back from the latest run. */
export async function runChain(handle: WorkflowHandle): Promise<{ runId: string; continuedAsNew: boolean }[]> {
  const chain: { runId: string; continuedAsNew: boolean }[] = [];
  let runId: string | undefined = (await handle.describe()).runId;
  while (runId) {
    const history = await handle.client.getHandle(handle.workflowId, runId).fetchHistory();
    const events: HistoryEvent[] = history.events ?? [];
    const last = events[events.length - 1];
    chain.unshift({ runId, continuedAsNew: last?.workflowExecutionContinuedAsNewEventAttributes != null });
    runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return chain;
}

function eventTime(e: HistoryEvent): Date {
  const t = e.eventTime;
  if (!t) throw new Error(`history event ${String(e.eventId)} has no time`);
  return new Date(Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6));
}
