import { createHmac, timingSafeEqual } from 'node:crypto';
import { messageParts, type ProviderEvent } from './provider-event';

/**
 * The X Activity API's webhook: the CRC challenge X sends to check we hold the consumer secret, the
 * signature on every delivery, and the deliveries we act on (dm.received, follow.follow) as ProviderEvents.
 */

/** `sha256=` and the base64 HMAC-SHA256 of `data` under the consumer secret: both the CRC answer and the signature. */
function xSignature(consumerSecret: string, data: string | Buffer): string {
  return `sha256=${createHmac('sha256', consumerSecret).update(data).digest('base64')}`;
}

export function crcResponse(consumerSecret: string, crcToken: string): { response_token: string } {
  return { response_token: xSignature(consumerSecret, crcToken) };
}

/** Constant-time check of `x-twitter-webhooks-signature` over the raw body. */
export function validXSignature(consumerSecret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(xSignature(consumerSecret, rawBody));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface XUserObject {
  data: { id: string; username?: string };
}

export interface XDelivery {
  data: {
    event_uuid: string;
    event_type: string;
    filter?: { user_id?: string };
    payload: {
      direct_message_events?: { id: string; created_timestamp: string; message_create: { sender_id: string; message_data?: { text?: unknown } } }[];
      users?: Record<string, XUserObject | undefined>;
      source?: XUserObject;
      target?: XUserObject;
    };
  };
}

/**
 * The event a delivery carries, or null for one we do not act on: another event type, our own account's
 * DM or follow (the filtered user is the sender or the follower).
 */
export function xDeliveryEvent(body: XDelivery, senderAccountId: string | undefined, receivedAt: Date): ProviderEvent | null {
  const { event_uuid: uuid, event_type: type, filter, payload } = body.data;
  const own = filter?.user_id;
  const base = { origin: 'x' as const, providerEventId: uuid, ...(senderAccountId === undefined ? {} : { senderAccountId }), raw: body };
  if (type === 'dm.received') {
    const dm = payload.direct_message_events?.find((e) => e.message_create.sender_id !== own);
    if (!dm) return null;
    const senderId = dm.message_create.sender_id;
    const username = payload.users?.[senderId]?.data.username;
    return {
      ...base,
      type: 'x.dm.received',
      occurredAt: new Date(Number(dm.created_timestamp)).toISOString(),
      from: { xUserId: senderId, ...(username ? { xHandle: username } : {}) },
      ...messageParts({ text: typeof dm.message_create.message_data?.text === 'string' ? dm.message_create.message_data.text : undefined }),
    };
  }
  if (type === 'follow.follow') {
    const follower = payload.source?.data;
    if (!follower || follower.id === own) return null;
    // A follow carries no time of its own; X delivers it within a second.
    return {
      ...base,
      type: 'x.follow',
      occurredAt: receivedAt.toISOString(),
      from: { xUserId: follower.id, ...(follower.username ? { xHandle: follower.username } : {}) },
    };
  }
  return null;
}
