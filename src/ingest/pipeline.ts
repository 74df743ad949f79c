import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { runningJourneysThatSent } from '../db/enrollments';
import { markAttemptFailed, markDelivered, storeInboundEvent, type InboundResolution, type StoredEvent } from '../db/inbound-events';
import { signalIfRunning } from '../client/signal-journey';
import { describeError } from '../errors/describe';
import type { BouncePolicy } from '../senders/bounce-policy';
import type { SenderStopAlert } from '../senders/stop-alert';
import { observeSignal, type ExternalObservation } from '../../workflows/contract';
import type { IngestLog } from './log';
import { EVENT_OBSERVATIONS, type ProviderEvent } from './provider-event';
import { resolvePerson } from '../identity/resolve-person';
import { deliverUnsubscribeRequest } from './unsubscribe-mail';
import type { ReplyClass } from '../replies/classify';
import { readReply } from './reply-meaning';
import { handleBounceOrComplaint, isBounceOrComplaint } from './bounces';

export interface PipelineDeps {
  db: Knex;
  temporal: Pick<Client, 'workflow'>;
  log: IngestLog;
  /** When an event is received; a provider time after it is taken as it (the real clock unless a test's). */
  clock?: () => Date;
  /** When bounces suppress and pause (DEFAULT_BOUNCE_POLICY when absent). */
  bounces?: BouncePolicy;
  /** Told when bounces pause a sender account; logs to stderr when absent. */
  alertSenderStopped?: SenderStopAlert;
}

export interface Delivery {
  resolution: InboundResolution;
  personId: string | null;
  journeys: number;
  /** What a reply meant (src/replies/classify.ts), when it carried something to read. */
  meaning?: ReplyClass;
}

/**
 * The one way in for a provider event, verified by its source: stored once, then delivered to the person's
 * running journeys. A duplicate (same origin and provider event id) changes nothing and returns `duplicate`.
 * A delivery that fails is left to the sweeper, never thrown: the event is safe once stored.
 */
export async function acceptEvent(deps: PipelineDeps, event: ProviderEvent): Promise<{ duplicate: boolean; delivery?: Delivery }> {
  const stored = await storeEvent(deps, event);
  if (!stored) return { duplicate: true };
  const delivery = await deliverOrLeave(deps, stored);
  return { duplicate: false, ...(delivery ? { delivery } : {}) };
}

/** Stores the event (its first delivery attempt); undefined for a duplicate. */
export async function storeEvent(deps: PipelineDeps, event: ProviderEvent): Promise<StoredEvent | undefined> {
  const stored = await storeInboundEvent(deps.db, event, deps.clock?.() ?? new Date());
  deps.log('INFO', {
    message: stored ? 'event stored' : 'duplicate event ignored',
    origin: event.origin,
    type: event.type,
    providerEventId: event.providerEventId.slice(0, 200),
    ...(stored ? { eventId: stored.id } : {}),
  });
  return stored;
}

/** deliverEvent, with a failure recorded on the event for the sweeper to retry instead of thrown. */
export async function deliverOrLeave(deps: PipelineDeps, stored: StoredEvent): Promise<Delivery | undefined> {
  try {
    return await deliverEvent(deps, stored);
  } catch (error) {
    const reason = describeError(error).message;
    await markAttemptFailed(deps.db, stored.id, reason).catch(() => {});
    deps.log('WARN', { message: 'event delivery failed; the sweeper retries it', eventId: stored.id, attempt: stored.attempts, error: reason });
    return undefined;
  }
}

/**
 * Resolves the person, signals each of their running journeys that sent on the event's channel (the journey
 * takes each event id once, so a repeated delivery is harmless), and marks the event delivered.
 */
async function deliverEvent(deps: PipelineDeps, stored: StoredEvent): Promise<Delivery> {
  const personId = await resolvePerson(deps.db, stored.from);
  const heard = EVENT_OBSERVATIONS[stored.type];
  const reply = heard?.observation === 'replied' ? await readReply(deps, stored, heard.channel, personId) : {};
  const meaning = reply.meaning === undefined ? {} : { meaning: reply.meaning };
  let delivery: Delivery;
  if (stored.type === 'email.unsubscribe.requested') delivery = await deliverUnsubscribeRequest(deps, stored);
  else if (isBounceOrComplaint(stored.type)) delivery = await handleBounceOrComplaint(deps, stored);
  else if (heard === null) delivery = { resolution: 'not-an-observation', personId, journeys: 0 };
  else if (reply.handled) delivery = { ...reply.handled, personId, ...meaning };
  else if (personId === null) delivery = { resolution: 'nobody', personId, journeys: 0, ...meaning };
  else {
    const workflowIds = await runningJourneysThatSent(deps.db, personId, { channel: heard.channel, senderAccountId: stored.senderAccountId });
    const observation: ExternalObservation = {
      eventId: stored.id,
      observation: heard.observation,
      channel: heard.channel,
      at: stored.occurredAt.toISOString(),
      ...(stored.inReplyTo === null ? {} : { providerId: stored.inReplyTo }),
      ...(reply.positive === undefined ? {} : { positive: reply.positive }),
    };
    let journeys = 0;
    for (const workflowId of workflowIds) {
      if (await signalIfRunning(deps.temporal, workflowId, observeSignal, observation)) journeys++;
    }
    delivery = { resolution: journeys > 0 ? 'delivered' : 'no-journey', personId, journeys, ...meaning };
  }
  await markDelivered(deps.db, stored.id, delivery);
  deps.log('INFO', { message: 'event delivered', eventId: stored.id, type: stored.type, resolution: delivery.resolution, journeys: delivery.journeys });
  return delivery;
}

