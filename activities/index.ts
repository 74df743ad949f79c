import { Context } from '@temporalio/activity';
import { checkOutcomes } from './check';
import type { JourneyDeps } from './deps';
import { recordJourney } from './record';
import { sendAction } from './send';
import { takeSendSlot } from './send-slot';
import type { CheckInput, JourneyRecord, SendInput, SlotInput } from '../workflows/activity-contract';
import { classified } from './failures';

/** The journey's activities, wired to their dependencies by the worker (or a test). */
export function createActivities(deps: JourneyDeps) {
  return {
    async journeySettings(): Promise<{ tickMs: number }> {
      return { tickMs: deps.tickMs };
    },
    async recordJourney(record: JourneyRecord): Promise<void> {
      await recordJourney(deps.db, record);
    },
    async takeSendSlot(input: SlotInput) {
      return classified(() => takeSendSlot(deps, input));
    },
    async sendAction(input: SendInput) {
      return classified(() => sendAction(deps, input, Context.current().info.attempt));
    },
    async checkOutcomes(input: CheckInput) {
      return classified(() => checkOutcomes(deps, input));
    },
  };
}

export type JourneyActivities = ReturnType<typeof createActivities>;
