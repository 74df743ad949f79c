import { REPLY_HEADER_FIELDS } from '../channels/email/classify';
import type { PersonRef } from '../identity/resolve-person';
import type { Channel, Observation } from '../sequences/model';

/**
 * One event a provider reported, as every source (signed webhooks, the X webhook and activity stream, the
 * LinkedIn gateway, IMAP IDLE, XMTP's stream) hands it to the pipeline: verified, not yet stored.
 */
export const PROVIDER_EVENT_TYPES = [
  'email.reply.received',
  'email.bounced',
  'email.complained',
  'email.unsubscribe.requested',
  'linkedin.message.received',
  'linkedin.invitation.accepted',
  'linkedin.account.disconnected',
  'x.dm.received',
  'x.follow',
  'xmtp.message.received',
] as const;
export type ProviderEventType = (typeof PROVIDER_EVENT_TYPES)[number];

/** Where an event came from; with `providerEventId`, what makes it unique (`inbound_events`). */
export type EventOrigin = 'webhook' | 'x' | 'linkedin-gateway' | 'imap' | 'xmtp';

export interface ProviderEvent {
  origin: EventOrigin;
  /** The provider's own id for the event (a webhook-id, an X event_uuid, a Message-ID with the UID, ...). */
  providerEventId: string;
  type: ProviderEventType;
  /** ISO 8601: when it happened at the provider, not when we heard of it. */
  occurredAt: string;
  /** The account it reached, when the source knows (a listener runs per account). */
  senderAccountId?: string;
  from: PersonRef;
  /** The provider id of the message it answers, when the provider says. */
  inReplyTo?: string;
  /** The event as received, stored once; never logged (it holds message bodies). */
  raw: unknown;
  /** What the person wrote, plain text, quoted history and all, at most MAX_EVENT_TEXT_CHARS; never logged. */
  text?: string;
  /** Email: the subject, at most MAX_SUBJECT_CHARS. */
  subject?: string;
  /** Email: the header fields of REPLY_HEADER_FIELDS the message has, which tell a person from a machine. */
  headers?: Partial<Record<ReplyHeaderField, string>>;
}

/** Longer text is cut by its source: a person's reply is far shorter, and quoted history is cut anyway. */
export const MAX_EVENT_TEXT_CHARS = 50_000;
/** RFC 5322's longest line. */
export const MAX_SUBJECT_CHARS = 998;

type ReplyHeaderField = (typeof REPLY_HEADER_FIELDS)[number];

/** The message parts of an event, each cut to its bound; absent parts stay absent. */
export function messageParts(parts: { text?: string | undefined; subject?: string | undefined; headers?: Record<string, string | undefined> | undefined }): Pick<ProviderEvent, 'text' | 'subject' | 'headers'> {
  const headers: Partial<Record<ReplyHeaderField, string>> = {};
  for (const name of REPLY_HEADER_FIELDS) {
    const value = parts.headers?.[name];
    if (typeof value === 'string') headers[name] = value.slice(0, MAX_SUBJECT_CHARS);
  }
  return {
    ...(typeof parts.text === 'string' ? { text: parts.text.slice(0, MAX_EVENT_TEXT_CHARS) } : {}),
    ...(typeof parts.subject === 'string' ? { subject: parts.subject.slice(0, MAX_SUBJECT_CHARS) } : {}),
    ...(parts.headers ? { headers } : {}),
  };
}

/** What a journey is told of an event: the observation it makes and on which channel. */
export const EVENT_OBSERVATIONS: Record<ProviderEventType, { channel: Channel; observation: Observation } | null> = {
  'email.reply.received': { channel: 'email', observation: 'replied' },
  'email.bounced': null,
  'email.complained': null,
  // Not an observation: it unsubscribes the person its token names (src/ingest/unsubscribe-mail.ts).
  'email.unsubscribe.requested': null,
  'linkedin.message.received': { channel: 'linkedin', observation: 'replied' },
  'linkedin.invitation.accepted': { channel: 'linkedin', observation: 'connection_accepted' },
  'linkedin.account.disconnected': null,
  'x.dm.received': { channel: 'x', observation: 'replied' },
  'x.follow': { channel: 'x', observation: 'followed_back' },
  'xmtp.message.received': { channel: 'xmtp', observation: 'replied' },
};
