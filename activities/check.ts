import { check } from '../src/channels/dispatch';
import type { ObservedOutcome } from '../src/channels/types';
import { appendEvent } from '../src/db/events';
import { getLeadContact } from '../src/db/people';
import { senderAccount, type JourneyDeps } from './deps';
import { asSender } from './sender-stop';
import { stepOf, type CheckInput, type CheckOutcome } from '../workflows/activity-contract';

/** Asks the channel whether the lead answered since `since`, and logs the check and what it saw. */
export async function checkOutcomes(deps: JourneyDeps, input: CheckInput): Promise<CheckOutcome[]> {
  const lead = await getLeadContact(deps.db, input.personId, input.audienceId);
  const sender = await senderAccount(deps, input.senderAccountId);
  const request = { lead, sender, since: new Date(input.since), asOf: new Date(input.asOf), providerIds: input.providerIds };
  const observed: ObservedOutcome[] = [];
  // Reads are counted for reports whenever a message is being answered; no edge branches on them.
  const lookFor = input.providerIds.length > 0 && input.observations.includes('replied')
    ? [...input.observations, 'read' as const]
    : input.observations;
  for (const observation of lookFor) {
    const outcome = await asSender(deps, sender, () => check(deps.channels, input.channel, observation, request));
    if (outcome) observed.push(outcome);
  }
  const key = `${input.workflowId}:${input.nodeId}:${input.visit}:${input.channel}:check${input.checkNumber}`;
  const base = stepOf(input);
  await appendEvent(deps.db, {
    ...base,
    eventKey: `${key}:check_done`,
    type: 'check_done',
    detail: { looked_for: input.observations, seen: observed.map((o) => o.observation) },
    occurredAt: input.asOf,
  });
  for (const outcome of observed) {
    await appendEvent(deps.db, {
      ...base,
      eventKey: `${input.workflowId}:${input.nodeId}:${input.visit}:${input.channel}:${outcome.observation}`,
      type: 'outcome_observed',
      providerId: outcome.providerId,
      detail: { observation: outcome.observation, positive: outcome.positive ?? null },
      occurredAt: outcome.at,
    });
  }
  return observed.map((o) => ({ observation: o.observation, at: o.at.toISOString(), positive: o.positive }));
}
