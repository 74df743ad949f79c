import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { signalIfRunning } from '../client/signal-journey';
import { grpcStatusOf } from '../errors/describe';
import { cancelSignal } from '../../workflows/contract';
import { ERASED_END_REASON } from './plan';

/** How long a cancelled journey gets to end on its own (its worker may be down) before it is terminated. */
const END_WAIT_MS = 10_000;
/**
 * How long deletions get to be carried out before we stop looking: the server deletes in the background
 * (the dev server took about 20 s for a closed workflow).
 */
const DELETE_WAIT_MS = 90_000;
const POLL_MS = 500;
const NOT_FOUND = 5;

export interface EndedJourneys {
  /** Running journeys that ended on the cancel signal. */
  ended: number;
  /** Running journeys that did not end in time and were terminated. */
  terminated: number;
}

async function isRunning(client: Client, workflowId: string): Promise<boolean> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

/**
 * Ends the journeys that still run: the `cancel` signal with reason `erased`, so each records its end; one
 * that has not closed within END_WAIT_MS (no worker running, say) is terminated.
 */
export async function endJourneys(client: Client, workflowIds: readonly string[], waitMs = END_WAIT_MS): Promise<EndedJourneys> {
  const signalled: string[] = [];
  for (const workflowId of workflowIds) {
    if (!(await isRunning(client, workflowId))) continue;
    if (await signalIfRunning(client, workflowId, cancelSignal, ERASED_END_REASON)) signalled.push(workflowId);
  }
  const outcome = { ended: 0, terminated: 0 };
  const deadline = Date.now() + waitMs;
  for (const workflowId of signalled) {
    while ((await isRunning(client, workflowId)) && Date.now() < deadline) await sleep(POLL_MS);
    if (!(await isRunning(client, workflowId))) {
      outcome.ended++;
      continue;
    }
    try {
      await client.workflow.getHandle(workflowId).terminate(`${ERASED_END_REASON}: did not end on the cancel signal`);
      outcome.terminated++;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      outcome.ended++;
    }
  }
  return outcome;
}

function isNotFound(error: unknown): boolean {
  return error instanceof WorkflowNotFoundError || grpcStatusOf(error)?.code === NOT_FOUND;
}

/** The runs of the workflow id still on the server, newest first: the latest, then back along continue-as-new. */
async function runsOf(client: Client, workflowId: string): Promise<string[]> {
  let runId: string | undefined;
  try {
    runId = (await client.workflow.getHandle(workflowId).describe()).runId;
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  const runs: string[] = [];
  while (runId && !runs.includes(runId)) {
    runs.push(runId);
    try {
      const page: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryResponse = await client.workflowService.getWorkflowExecutionHistory({
        namespace: client.options.namespace,
        execution: { workflowId, runId },
        maximumPageSize: 1,
      });
      runId = page.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      runId = undefined;
    }
  }
  return runs;
}

export interface DeletedHistories {
  /** Runs whose deletion the server accepted. */
  runsDeleted: number;
  /** Workflow ids the server still showed after DELETE_WAIT_MS (it deletes in the background). */
  stillShown: number;
}

/**
 * Deletes every run of the workflows (their histories hold the person's messages' ids, failure reasons and
 * inputs), then waits until the server no longer shows them, so that what is reported deleted is gone.
 */
export async function deleteHistories(client: Client, workflowIds: readonly string[], waitMs = DELETE_WAIT_MS): Promise<DeletedHistories> {
  let runsDeleted = 0;
  const pending: string[] = [];
  for (const workflowId of workflowIds) {
    const runs = await runsOf(client, workflowId);
    for (const runId of runs) {
      try {
        await client.workflowService.deleteWorkflowExecution({ namespace: client.options.namespace, workflowExecution: { workflowId, runId } });
        runsDeleted++;
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    if (runs.length > 0) pending.push(workflowId);
  }
  const deadline = Date.now() + waitMs;
  let stillShown = pending;
  while (stillShown.length > 0 && Date.now() < deadline) {
    await sleep(POLL_MS);
    const left: string[] = [];
    for (const workflowId of stillShown) if ((await runsOf(client, workflowId)).length > 0) left.push(workflowId);
    stillShown = left;
  }
  return { runsDeleted, stillShown: stillShown.length };
}
