import { appendEvent } from '../db/events';
import { getLeadContact } from '../db/people';
import { renderTemplate } from '../sequences/templates';
import { channelAdapter, senderAccount, type JourneyDeps } from './deps';
import { stepOf, type SendInput, type SendOutcome } from './types';

/**
 * Renders the message for this lead and hands it to the channel. The send's idempotency key comes from
 * (journey, node, visit), so a retry after a crash is recognisable to the provider and to our event log.
 */
export async function sendAction(deps: JourneyDeps, input: SendInput, attempt: number): Promise<SendOutcome> {
  const adapter = channelAdapter(deps, input.channel);
  const lead = await getLeadContact(deps.db, input.personId, input.audienceId);
  const sender = await senderAccount(deps, input.senderAccountId);
  const idempotencyKey = `${input.workflowId}:${input.nodeId}:${input.visit}`;
  const result = await adapter.send({
    action: input.action,
    idempotencyKey,
    lead,
    sender,
    message: input.variant ? renderTemplate(input.variant, lead.variables) : undefined,
    earlierProviderIds: input.earlierProviderIds,
    at: new Date(input.at),
    attempt,
  });
  await appendEvent(deps.db, {
    ...stepOf(input),
    eventKey: `${idempotencyKey}:action_sent`,
    type: 'action_sent',
    providerId: result.providerId,
    senderAccountId: sender.id,
    detail: { action: input.action, provider: adapter.provider, variant: input.variant?.id ?? null },
    occurredAt: input.at,
  });
  return { providerId: result.providerId, sentAt: result.sentAt.toISOString() };
}
