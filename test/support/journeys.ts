import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { sandboxChannels } from '../../src/channels/sandbox';
import type { SandboxScript } from '../../src/channels/sandbox-script';
import { startJourneys } from '../../src/client/start-journeys';
import { insertPerson, type NewPerson } from '../../src/db/people';
import { setSandboxScript } from '../../src/db/sandbox';
import { upsertSenderAccount } from '../../src/db/senderAccounts';
import { publishSequenceVersion } from '../../src/db/sequences';
import { CHANNELS, type SequenceGraph } from '../../src/sequences/model';
import { validateSequence, formatProblems } from '../../src/sequences/validate';
import { createJourneyWorker } from '../../src/temporal/worker';
import { journeyWorkflowId } from '../../workflows/contract';
import { journeyBundle } from './temporal';

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

/** Sandbox sender accounts on every channel, with caps high enough not to matter unless a test sets them. */
export async function ensureSandboxSenders(db: Knex, caps = { hourlyCap: 10_000, dailyCap: 100_000 }): Promise<void> {
  for (const channel of CHANNELS) {
    await upsertSenderAccount(db, { channel, provider: 'sandbox', handle: `sandbox-${channel}`, ...caps, status: 'active' });
  }
}

export interface Lead {
  person?: NewPerson;
  script?: SandboxScript;
}

export async function createLead(db: Knex, lead: Lead = {}): Promise<string> {
  const personId = await insertPerson(db, {
    firstName: 'Ada',
    xHandle: uniqueName('ada'),
    email: `${uniqueName('ada')}@example.test`,
    ...lead.person,
  });
  if (lead.script) await setSandboxScript(db, personId, lead.script);
  return personId;
}

export interface JourneyHarness {
  env: TestWorkflowEnvironment;
  db: Knex;
  tickMs?: number;
}

/** A worker on a unique task queue, with the real activities, the sandbox channels and Postgres. */
export async function journeyWorker(h: JourneyHarness, taskQueue: string): Promise<Worker> {
  return createJourneyWorker({
    connection: h.env.nativeConnection,
    namespace: h.env.namespace ?? 'default',
    taskQueue,
    deps: { db: h.db, channels: sandboxChannels(h.db), tickMs: h.tickMs ?? SIX_HOURS },
    workflowBundle: await journeyBundle(),
  });
}

/** Publishes the graph and starts a journey for the person; returns the workflow handle. */
export async function startJourney(
  h: JourneyHarness,
  taskQueue: string,
  graph: SequenceGraph,
  personId: string,
  opts: { nodesPerRun?: number } = {},
) {
  await publishSequenceVersion(h.db, graph, JSON.stringify(graph));
  await startJourneys(h.env.client, h.db, {
    sequenceName: graph.name,
    personIds: [personId],
    taskQueue,
    ...opts,
  });
  return h.env.client.workflow.getHandle(journeyWorkflowId(graph.name, personId));
}
