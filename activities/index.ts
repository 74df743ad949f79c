import { Context } from '@temporalio/activity';
import type { BeginInput, CheckInput, JourneyRecord, JourneyRecordV0, SendInput, SlotInput, SlotRelease } from '../workflows/activity-contract';
import { beginJourney } from './begin';
import { checkOutcomes } from './check';
import type { JourneyDeps } from './deps';
import { classified } from './failures';
import { recordJourney } from './record';
import { sendAction } from './send';
import { releaseSendSlot, takeSendSlot } from './send-slot';

/**
 * The journey's activities, wired to their dependencies by the worker (or a test). Their names are the
 * contract with journeys already running: `journeySettings` is only scheduled by runs recorded before
 * `beginJourney` existed, and stays registered for them.
 */
export function createActivities(deps: JourneyDeps) {
  return {
    async journeySettings(): Promise<{ tickMs: number }> {
      return { tickMs: deps.tickMs };
    },
    async beginJourney(input: BeginInput) {
      return beginJourney(deps, input);
    },
    async recordJourney(record: JourneyRecord | JourneyRecordV0): Promise<void> {
      await recordJourney(deps.db, record);
    },
    async takeSendSlot(input: SlotInput) {
      return classified(() => takeSendSlot(deps, input));
    },
    async releaseSendSlot(input: SlotRelease): Promise<void> {
      await releaseSendSlot(deps, input);
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
