/**
 * JSON Schemas of the signed webhooks' bodies (docs/events.md), for Fastify's validation: a bad body is
 * answered 400 with the field named (`body/data/from must match format "email"`). Every string is bounded.
 */

import { REPLY_HEADER_FIELDS } from '../channels/email/classify';
import { MAX_EVENT_TEXT_CHARS, MAX_SUBJECT_CHARS } from './provider-event';

const text = (maxLength = 2000) => ({ type: 'string', minLength: 1, maxLength });
/** What the person wrote, read by the reply classifier (docs/replies.md); may be empty (an attachment alone). */
const message = { text: { type: 'string', maxLength: MAX_EVENT_TEXT_CHARS } };
const emailMessage = {
  ...message,
  subject: { type: 'string', maxLength: MAX_SUBJECT_CHARS },
  headers: {
    type: 'object',
    propertyNames: { enum: [...REPLY_HEADER_FIELDS] },
    additionalProperties: { type: 'string', maxLength: MAX_SUBJECT_CHARS },
  },
};
const time = { type: 'string', format: 'date-time', maxLength: 64 };
const email = { type: 'string', format: 'email', maxLength: 254 };
const profileUrl = { type: 'string', minLength: 1, maxLength: 1000, pattern: 'linkedin\\.com/' };
const xUser = {
  type: 'object',
  properties: { id: { type: 'string', pattern: '^[0-9]{1,20}$' }, username: { type: 'string', pattern: '^@?[A-Za-z0-9_]{1,15}$' } },
  anyOf: [{ required: ['id'] }, { required: ['username'] }],
};
const wallet = { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$' };

function payload(types: Record<string, object>) {
  return {
    type: 'object',
    required: ['type', 'timestamp', 'data'],
    properties: { type: { type: 'string', enum: Object.keys(types) }, timestamp: time, data: { type: 'object' } },
    allOf: Object.entries(types).map(([type, data]) => ({
      if: { properties: { type: { const: type } } },
      then: { properties: { data } },
    })),
  };
}

const data = (required: string[], properties: Record<string, object>) => ({
  type: 'object',
  required,
  properties: { account: text(320), ...properties },
});

/** The generic webhook (POST /webhooks/events): Standard Webhooks' `{ type, timestamp, data }`. */
export const GENERIC_WEBHOOK_BODY = payload({
  'email.reply.received': data(['from'], { from: email, messageId: text(998), inReplyTo: text(998), ...emailMessage }),
  'email.bounced': data(['recipient'], { recipient: email, messageId: text(998), kind: { enum: ['hard', 'soft'] } }),
  'email.complained': data(['recipient'], { recipient: email, messageId: text(998) }),
  'linkedin.message.received': data(['profileUrl'], { profileUrl, messageId: text(200), inReplyTo: text(200), ...message }),
  'linkedin.invitation.accepted': data(['profileUrl'], { profileUrl, invitationId: text(200) }),
  'x.dm.received': data(['from'], { from: xUser, dmEventId: text(64), inReplyTo: text(64), ...message }),
  'x.follow': data(['follower'], { follower: xUser }),
  'xmtp.message.received': data(['from'], { from: wallet, messageId: text(200), conversationId: text(200), ...message }),
});

/** Events the LinkedIn gateway sends (POST /linkedin/events); `account` is the gateway's account name. */
export const LINKEDIN_GATEWAY_BODY = payload({
  'message.received': data(['account', 'profileUrl', 'messageId'], { profileUrl, messageId: text(200), inReplyTo: text(200), ...message }),
  'invitation.accepted': data(['account', 'profileUrl', 'invitationId'], { profileUrl, invitationId: text(200) }),
  'account.disconnected': data(['account', 'code'], { code: { enum: ['session_expired', 'checkpoint_required', 'account_restricted', 'logged_out'] } }),
});

const xUserData = { type: 'object', required: ['data'], properties: { data: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[0-9]{1,20}$' }, username: text(15) } } } };

/** The X Activity API's delivery envelope (POST /x/webhook), with the two event types we act on checked. */
export const X_WEBHOOK_BODY = {
  type: 'object',
  required: ['data'],
  properties: {
    data: {
      type: 'object',
      required: ['event_uuid', 'event_type', 'payload'],
      properties: {
        event_uuid: text(64),
        event_type: text(100),
        filter: { type: 'object', properties: { user_id: { type: 'string', pattern: '^[0-9]{1,20}$' } } },
        tag: { type: 'string', maxLength: 200 },
        payload: { type: 'object' },
      },
      allOf: [
        {
          if: { properties: { event_type: { const: 'dm.received' } } },
          then: {
            properties: {
              payload: {
                type: 'object',
                required: ['direct_message_events'],
                properties: {
                  direct_message_events: {
                    type: 'array',
                    minItems: 1,
                    maxItems: 100,
                    items: {
                      type: 'object',
                      required: ['id', 'created_timestamp', 'message_create'],
                      properties: {
                        id: text(64),
                        created_timestamp: { type: 'string', pattern: '^[0-9]{1,16}$' },
                        message_create: {
                          type: 'object',
                          required: ['sender_id'],
                          properties: { sender_id: { type: 'string', pattern: '^[0-9]{1,20}$' }, message_data: { type: 'object', properties: message } },
                        },
                      },
                    },
                  },
                  users: { type: 'object' },
                },
              },
            },
          },
        },
        {
          if: { properties: { event_type: { const: 'follow.follow' } } },
          then: { properties: { payload: { type: 'object', required: ['source', 'target'], properties: { source: xUserData, target: xUserData } } } },
        },
      ],
    },
  },
};
