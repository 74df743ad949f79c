import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';

/** Signals a journey; false when it has ended since Postgres listed it running: nothing left to tell. */
export async function signalIfRunning<Args extends unknown[]>(
  temporal: Pick<Client, 'workflow'>,
  workflowId: string,
  signal: SignalDefinition<Args>,
  ...args: Args
): Promise<boolean> {
  try {
    await temporal.workflow.getHandle(workflowId).signal(signal, ...args);
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}
