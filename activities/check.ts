import { check } from '../src/channels/dispatch';
import type { ObservedOutcome } from '../src/channels/types';
import { liveSourceOf } from '../src/db/event-sources';
import { appendEvent } from '../src/db/events';
import { getLeadContact } from '../src/db/people';
import type { CheckInput, CheckResult } from '../workflows/activity-contract';
import { senderAccount, type JourneyDeps } from './deps';
import { replyReader } from './read-reply';
import { checkDoneKey, checkedOutcomeKey, stepColumns } from './journey-events';
import { writeEvents, writeProgress } from './record';
import { asSender } from './sender-stop';

/**
 * Asks the channel whether the lead answered since `since`, and logs the check and what it saw; then the
 * journey's progress it carries (the next check), so a waiting tick costs no write of its own. Tells the
 * journey whether the account now has a live event source, which spares it the checks until the window's close.
 */
export async function checkOutcomes(deps: JourneyDeps, input: CheckInput): Promise<CheckResult> {
  if (input.write) await writeEvents(deps.db, input, input.write.events);
  const lead = await getLeadContact(deps.db, input.personId, input.audienceId);
  const sender = await senderAccount(deps, input.senderAccountId);
  const live = (await liveSourceOf(deps.db, sender.id)) !== null;
  const request = { lead, sender, since: new Date(input.since), asOf: new Date(input.asOf), providerIds: input.providerIds, readReply: replyReader(deps, input, lead) };
  const observed: ObservedOutcome[] = [];
  // Reads are counted for reports whenever a message is being answered; no edge branches on them.
  const lookFor = input.providerIds.length > 0 && input.observations.includes('replied')
    ? [...input.observations, 'read' as const]
    : input.observations;
  for (const observation of lookFor) {
    const outcome = await asSender(deps, sender, () => check(deps.channels, input.channel, observation, request));
    if (outcome) observed.push(outcome);
  }
  const base = stepColumns(input);
  await appendEvent(deps.db, {
    ...base,
    eventKey: checkDoneKey(input, input.checkNumber),
    type: 'check_done',
    detail: { looked_for: input.observations, seen: observed.map((o) => o.observation) },
    occurredAt: input.asOf,
  });
  for (const outcome of observed) {
    await appendEvent(deps.db, {
      ...base,
      eventKey: checkedOutcomeKey(input, outcome.observation),
      type: 'outcome_observed',
      providerId: outcome.providerId,
      detail: { observation: outcome.observation, positive: outcome.positive ?? null },
      occurredAt: outcome.at,
    });
  }
  if (input.write?.progress) await writeProgress(deps.db, input, input.write.progress);
  return {
    outcomes: observed.map((o) => ({ observation: o.observation, at: o.at.toISOString(), positive: o.positive })),
    liveSource: { channel: input.channel, live },
  };
}
