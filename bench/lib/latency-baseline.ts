import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { activityInfo } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { type NativeConnection, Worker } from '@temporalio/worker';
import { forEachLimited } from '../../src/util/pool';
import { within } from './within';
import { goSignal, type latencyBaselineWorkflow } from './latency-baseline-workflow';

/** Started, its first workflow task done: WorkflowExecutionStarted and the task's scheduled, started, completed. */
const WAITING_HISTORY_LENGTH = 4;

interface BaselineOptions {
  client: Client;
  connection: NativeConnection;
  count: number;
  concurrency: number;
  timeoutMs: number;
}

/**
 * Starts `count` minimal workflows, waits until each waits on its condition, then signals them with
 * `concurrency` in flight, each until its activity ran: milliseconds from the signal call's start to that.
 */
export async function baselineLatencies(opts: BaselineOptions): Promise<number[]> {
  const taskQueue = `bench-latency-baseline-${process.pid}`;
  /** The signalled workflows whose activity has not run yet, with what to call when it does. */
  const pending = new Map<string, (at: number) => void>();
  const worker = await Worker.create({
    connection: opts.connection,
    namespace: 'default',
    taskQueue,
    workflowsPath: require.resolve('./latency-baseline-workflow'),
    activities: {
      async reached() {
        const id = activityInfo().workflowExecution?.workflowId ?? '';
        pending.get(id)?.(performance.now());
        pending.delete(id);
      },
    },
  });
  const ids = Array.from({ length: opts.count }, (_, i) => `bench-latency-baseline-${process.pid}-${i}`);
  return worker.runUntil(async () => {
    await forEachLimited(ids, opts.concurrency, async (workflowId) => {
      await opts.client.workflow.start<typeof latencyBaselineWorkflow>('latencyBaselineWorkflow', { workflowId, taskQueue });
    });
    await forEachLimited(ids, opts.concurrency, async (workflowId) => {
      while ((await opts.client.workflow.getHandle(workflowId).describe()).historyLength < WAITING_HISTORY_LENGTH) await sleep(50);
    });
    const latencies: number[] = [];
    const late = () => `baseline: ${pending.size} activities not run ${opts.timeoutMs / 1000} s after their signal`;
    await forEachLimited(ids, opts.concurrency, async (workflowId) => {
      const ran = new Promise<number>((resolve) => pending.set(workflowId, resolve));
      const start = performance.now();
      await opts.client.workflow.getHandle(workflowId).signal(goSignal);
      latencies.push((await within(opts.timeoutMs, late, ran)) - start);
    });
    return latencies;
  });
}
