import { type InjectedSinks, type Logger, type NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { JourneySinks } from '../../workflows/journey-log';
import type { JourneyDeps } from '../../activities/deps';

export interface JourneyWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: JourneyDeps;
  maxConcurrentActivities?: number;
  maxConcurrentWorkflowTasks?: number;
  /** A prebuilt bundle (tests bundle once per file); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Where journeys' wait lines go; the process's Temporal runtime logger when absent. */
  logger?: Logger;
}

/**
 * One line per journey wait: a sender account to set up or resume is a warning, a cap an information.
 * Replaying workers need them registered too (they are not called on replay, but must exist).
 */
export function journeySinks(logger: () => Logger = () => Runtime.instance().logger): InjectedSinks<JourneySinks> {
  return {
    journeyLog: {
      waiting: {
        fn: (info, wait) => {
          logger().log(wait.waitingFor === 'sender account' ? 'WARN' : 'INFO', 'journey waiting', { journeyId: info.workflowId, ...wait });
        },
      },
    },
  };
}

export async function createJourneyWorker(opts: JourneyWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: createActivities(opts.deps),
    sinks: journeySinks(() => opts.logger ?? Runtime.instance().logger),
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
