import { credentialSource } from '../channels/credentials';
import { rawOfInboundEvent } from '../db/inbound-raw';
import type { StoredEvent } from '../db/inbound-events';
import { unsubscribe, verifyToken } from '../unsubscribe/request';
import { MAX_TOKEN_CHARS } from '../unsubscribe/token';
import type { Delivery, PipelineDeps } from './pipeline';

/** The subject our `mailto:` unsubscribe link sets: `unsubscribe TOKEN` (src/channels/email/unsubscribe.ts). */
const REQUEST_SUBJECT = new RegExp(`^\\s*unsubscribe\\s+([A-Za-z0-9._-]{8,${MAX_TOKEN_CHARS}})\\s*$`, 'i');

/** The token of a message written through our `mailto:` link, read from its subject; undefined for any other. */
export function unsubscribeTokenIn(subject: string): string | undefined {
  return REQUEST_SUBJECT.exec(subject)?.[1];
}

/**
 * An `email.unsubscribe.requested` event (a message to the mailto address, with the token in its subject):
 * the token's person is unsubscribed as by the link, whoever the message is from, since the token is the
 * proof; a token we did not make resolves to `nobody` and suppresses no one.
 */
export async function deliverUnsubscribeRequest(deps: PipelineDeps, stored: StoredEvent): Promise<Delivery> {
  const raw = (await rawOfInboundEvent(deps.db, stored.id)) as { unsubscribeToken?: unknown } | null | undefined;
  const token = typeof raw?.unsubscribeToken === 'string' ? raw.unsubscribeToken : '';
  const unsubscribeDeps = { db: deps.db, temporal: deps.temporal, log: deps.log, credentials: credentialSource() };
  const target = await verifyToken(unsubscribeDeps, token);
  if (!target) {
    deps.log('INFO', { message: 'unsubscribe refused', via: 'mail', eventId: stored.id, reason: 'the subject carries no token of ours' });
    return { resolution: 'nobody', personId: null, journeys: 0 };
  }
  const outcome = await unsubscribe(unsubscribeDeps, target, 'unsubscribe-mail');
  deps.log('INFO', {
    message: 'unsubscribed',
    via: 'mail',
    eventId: stored.id,
    format: target.format,
    senderAccountId: target.senderAccountId,
    sequenceVersionId: target.sequenceVersionId ?? null,
    suppressionsAdded: outcome.added,
    journeysEnded: outcome.ended,
  });
  return { resolution: 'delivered', personId: target.personId, journeys: outcome.ended };
}
