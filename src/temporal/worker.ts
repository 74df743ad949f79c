import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { JourneyDeps } from '../journeys/deps';

export interface JourneyWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: JourneyDeps;
  maxConcurrentActivities?: number;
  maxConcurrentWorkflowTasks?: number;
  /** A prebuilt bundle (tests bundle once per file); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export async function createJourneyWorker(opts: JourneyWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: createActivities(opts.deps),
    // On SIGTERM, running activities get this long to finish before they are cancelled; every one is
    // idempotent, so one cut short is simply retried by another worker.
    shutdownGraceTime: '1m',
    ...(opts.workflowBundle
      ? { workflowBundle: opts.workflowBundle }
      : { workflowsPath: require.resolve('../../workflows') }),
    ...(opts.maxConcurrentActivities === undefined
      ? {}
      : { maxConcurrentActivityTaskExecutions: opts.maxConcurrentActivities }),
    ...(opts.maxConcurrentWorkflowTasks === undefined
      ? {}
      : { maxConcurrentWorkflowTaskExecutions: opts.maxConcurrentWorkflowTasks }),
  });
}
