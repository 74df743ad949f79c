import { send } from '../src/channels/dispatch';
import { InvalidMessageError } from '../src/channels/errors';
import { liveSourceOf } from '../src/db/event-sources';
import { appendEvent } from '../src/db/events';
import { getLeadContact } from '../src/db/people';
import { underSendLock } from '../src/db/send-locks';
import { suppressionOf } from '../src/suppression/check';
import { emailUnsubscribe } from '../src/unsubscribe/link';
import type { TemplateVariant } from '../src/sequences/model';
import { MessageRenderError, renderTemplate } from '../src/sequences/templates';
import type { SendInput, SendOutcome } from '../workflows/activity-contract';
import { senderAccount, suppressionKeyOf, type JourneyDeps } from './deps';
import { eventKey, stepColumns, visitKey } from './journey-events';
import { writeEvents, writeProgress } from './record';
import { asSender } from './sender-stop';

/**
 * Renders the message for this lead and hands it to the channel, unless the person is on the suppression
 * list for the channel or the account: checked under the person's send lock, which a new suppression waits
 * for, so nothing is sent after a suppression commits. The send's idempotency key comes from
 * (journey, node, visit), so a retry after a crash is recognisable to the provider and to our event log.
 * The progress it carries (the wait the send opens) is written once the send is logged. An email's
 * unsubscribe token, in its header and `{{ unsubscribe_url }}`, names the person, the account and the sequence. Tells the journey
 * whether the account has a live event source, so the wait knows whether to check on every tick.
 */
export async function sendAction(deps: JourneyDeps, input: SendInput, attempt: number): Promise<SendOutcome> {
  if (input.write) await writeEvents(deps.db, input, input.write.events);
  const lead = await getLeadContact(deps.db, input.personId, input.audienceId);
  const sender = await senderAccount(deps, input.senderAccountId);
  const live = (await liveSourceOf(deps.db, sender.id)) !== null;
  const idempotencyKey = visitKey(input);
  const key = await suppressionKeyOf(deps);
  const unsubscribe = input.channel === 'email' ? emailUnsubscribe(key, sender, input) : undefined;
  const variables = unsubscribe?.url ? { ...lead.variables, unsubscribe_url: unsubscribe.url } : lead.variables;
  const message = input.variant ? renderFor(input.nodeId, input.variant, variables) : undefined;
  const result = await underSendLock(deps.db, lead.personId, async (trx) => {
    const suppression = await suppressionOf(trx, key, lead.personId, { channel: input.channel, senderAccountId: sender.id });
    if (suppression) return { suppression };
    const at = new Date(input.at);
    const request = {
      action: input.action,
      idempotencyKey,
      lead,
      sender,
      earlierProviderIds: input.earlierProviderIds,
      at,
      attempt,
      ...(unsubscribe ? { unsubscribeToken: unsubscribe.token } : {}),
    };
    const sent = await asSender(deps, sender, () => send(deps.channels, request, message));
    // Logged under the lock, so the log never shows a send after the suppression that would have stopped it.
    await appendEvent(trx, {
      ...stepColumns(input),
      eventKey: eventKey(input.workflowId, { ...input, type: 'action_sent' }),
      type: 'action_sent',
      providerId: sent.providerId,
      senderAccountId: sender.id,
      detail: { action: input.action, provider: sent.provider, variant: input.variant?.id ?? null },
      occurredAt: input.at,
    });
    return { sent };
  });
  if (result.suppression) {
    const { reason, scope } = result.suppression;
    await appendEvent(deps.db, {
      ...stepColumns(input),
      eventKey: eventKey(input.workflowId, { ...input, type: 'send_suppressed' }),
      type: 'send_suppressed',
      senderAccountId: sender.id,
      detail: { action: input.action, reason, scope: scope.scope, suppression_id: result.suppression.id },
      occurredAt: input.at,
    });
    return { suppressed: reason };
  }
  const { sent } = result;
  if (input.write?.progress) await writeProgress(deps.db, input, input.write.progress);
  return { providerId: sent.providerId, sentAt: sent.sentAt.toISOString(), liveSource: { channel: input.channel, live } };
}

/**
 * A template that cannot be rendered for this lead renders the same on every retry: the journey fails at
 * once with the reason (InvalidJourneyInput), and the worker goes on with the next one.
 */
function renderFor(nodeId: string, variant: TemplateVariant, variables: Record<string, string>): ReturnType<typeof renderTemplate> {
  try {
    return renderTemplate(variant, variables);
  } catch (error) {
    if (error instanceof MessageRenderError) throw new InvalidMessageError(`node ${nodeId}, ${error.message}`);
    throw error;
  }
}
