import { claimUndelivered } from '../db/inbound-events';
import { describeError } from '../errors/describe';
import { deliverOrLeave, type PipelineDeps } from './pipeline';

/** Events taken over per sweep; the next sweep follows at once while there are more. */
const SWEEP_BATCH = 100;
const SWEEP_INTERVAL_MS = 5_000;

/**
 * Re-delivers events whose delivery did not finish (the process died between store and signal, Temporal
 * was down, a signal failed): each is taken over once its backoff has passed, up to MAX_DELIVERY_ATTEMPTS.
 * Returns how many it took.
 */
export async function sweepOnce(deps: PipelineDeps, now = new Date()): Promise<number> {
  const due = await claimUndelivered(deps.db, SWEEP_BATCH, now);
  for (const event of due) await deliverOrLeave(deps, event);
  return due.length;
}

export interface Sweeper {
  /** Stops the timer and waits for a sweep under way. */
  stop(): Promise<void>;
}

/** Sweeps every `intervalMs` until stopped; a sweep that fails (the database away) is logged and tried again. */
export function startSweeper(deps: PipelineDeps, intervalMs = SWEEP_INTERVAL_MS): Sweeper {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let failing = false;
  const sweep = async () => {
    try {
      let taken = SWEEP_BATCH;
      while (!stopped && taken === SWEEP_BATCH) taken = await sweepOnce(deps);
      if (failing) deps.log('INFO', { message: 'sweeper recovered' });
      failing = false;
    } catch (error) {
      // One line when it starts failing, not one per interval.
      if (!failing) deps.log('WARN', { message: 'sweeper cannot reach the database; retrying', error: describeError(error).message });
      failing = true;
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = sweep().then(schedule);
    }, intervalMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
