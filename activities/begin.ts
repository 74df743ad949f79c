import { tickAtOrAfter } from '../workflows/ticks';
import type { BeginInput, BeginOutcome } from '../workflows/activity-contract';
import type { JourneyDeps } from './deps';
import { writeAll } from './record';

/**
 * A fresh journey's first write: its enrollment, its first events and its progress into the first node.
 * The journey learns the deployment's tick from this answer, so the first action's time is placed here:
 * the first tick at or after the start, as for any node entered before the journey's first send.
 */
export async function beginJourney(deps: JourneyDeps, input: BeginInput): Promise<BeginOutcome> {
  const nextActionAt = new Date(tickAtOrAfter(Date.parse(input.startedAt), deps.tickMs)).toISOString();
  await deps.db.transaction((trx) =>
    writeAll(trx, input.journey, { startedAt: input.startedAt, events: input.events, progress: { ...input.progress, nextActionAt } }),
  );
  return { tickMs: deps.tickMs, nextActionAt };
}
