import type { PersonRef } from '../identity/resolve-person';
import { EVENT_OBSERVATIONS, messageParts, type EventOrigin, type ProviderEvent, type ProviderEventType } from './provider-event';

/**
 * The bodies of the signed webhooks as ProviderEvents, once verified and validated against
 * webhook-schema.ts (so the fields read here are there and bounded). Shapes: docs/events.md.
 */

interface SignedBody {
  type: string;
  timestamp: string;
  data: Record<string, unknown> & { account?: string };
}

interface XUser {
  id?: string;
  username?: string;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function xRef(user: XUser): PersonRef {
  return { ...(user.id ? { xUserId: user.id } : {}), ...(user.username ? { xHandle: user.username } : {}) };
}

/** Who the event is from, and the message it answers, per type of the generic webhook. */
function genericParts(type: ProviderEventType, d: SignedBody['data']): { from: PersonRef; inReplyTo?: string | undefined } {
  switch (type) {
    case 'email.reply.received':
      return { from: { email: str(d.from) as string }, inReplyTo: str(d.inReplyTo) };
    case 'email.bounced':
    case 'email.complained':
      return { from: { email: str(d.recipient) as string }, inReplyTo: str(d.messageId) };
    case 'linkedin.message.received':
      return { from: { linkedinUrl: str(d.profileUrl) as string }, inReplyTo: str(d.inReplyTo) };
    case 'linkedin.invitation.accepted':
      return { from: { linkedinUrl: str(d.profileUrl) as string }, inReplyTo: str(d.invitationId) };
    case 'linkedin.account.disconnected':
    case 'email.unsubscribe.requested':
      return { from: {} };
    case 'x.dm.received':
      return { from: xRef(d.from as XUser), inReplyTo: str(d.inReplyTo) };
    case 'x.follow':
      return { from: xRef(d.follower as XUser) };
    case 'xmtp.message.received':
      return { from: { walletAddress: str(d.from) as string } };
  }
}

/** The text (and for email the subject and header fields) of a reply, validated and bounded by the schema. */
function replyParts(d: SignedBody['data']): Pick<ProviderEvent, 'text' | 'subject' | 'headers'> {
  const headers = typeof d.headers === 'object' && d.headers !== null ? (d.headers as Record<string, string>) : undefined;
  return messageParts({ text: str(d.text), subject: str(d.subject), headers });
}

function signedEvent(origin: EventOrigin, webhookId: string, type: ProviderEventType, body: SignedBody, senderAccountId: string | undefined): ProviderEvent {
  const { from, inReplyTo } = genericParts(type, body.data);
  return {
    origin,
    providerEventId: webhookId,
    type,
    occurredAt: new Date(body.timestamp).toISOString(),
    ...(senderAccountId === undefined ? {} : { senderAccountId }),
    from,
    ...(inReplyTo === undefined ? {} : { inReplyTo }),
    raw: body,
    ...(EVENT_OBSERVATIONS[type]?.observation === 'replied' ? replyParts(body.data) : {}),
  };
}

/** A generic webhook's event; its `type` is one of PROVIDER_EVENT_TYPES (the schema's enum). */
export function genericWebhookEvent(webhookId: string, body: SignedBody, senderAccountId: string | undefined): ProviderEvent {
  return signedEvent('webhook', webhookId, body.type as ProviderEventType, body, senderAccountId);
}

const GATEWAY_TYPES: Record<string, ProviderEventType> = {
  'message.received': 'linkedin.message.received',
  'invitation.accepted': 'linkedin.invitation.accepted',
  'account.disconnected': 'linkedin.account.disconnected',
};

export function linkedinGatewayEvent(webhookId: string, body: SignedBody, senderAccountId: string | undefined): ProviderEvent {
  return signedEvent('linkedin-gateway', webhookId, GATEWAY_TYPES[body.type] as ProviderEventType, body, senderAccountId);
}

export type { SignedBody };
