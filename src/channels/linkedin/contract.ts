import { z } from 'zod';

/**
 * The JSON the gateway answers with (docs/channels/linkedin-gateway.md). Parsed strictly enough to trust the
 * fields we act on, loosely enough that a gateway may add its own.
 */

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

const invitationSchema = z.object({
  id: z.string().min(1),
  status: z.enum(['pending', 'accepted', 'withdrawn']),
  sentAt: instant,
  acceptedAt: instant.nullish(),
});

export const invitationAnswer = z.object({ invitation: invitationSchema });

const messageSchema = z.object({
  id: z.string().min(1),
  direction: z.enum(['inbound', 'outbound']),
  sentAt: instant,
  /** When the lead saw this outbound message; absent when the gateway cannot tell. */
  seenAt: instant.nullish(),
});
export type GatewayMessage = z.infer<typeof messageSchema>;

export const messageAnswer = z.object({ message: messageSchema });

export const messagePage = z.object({
  messages: z.array(messageSchema),
  nextCursor: z.string().min(1).nullish(),
});

export const errorAnswer = z.object({
  error: z.object({ code: z.string().min(1), message: z.string().optional() }),
});

/** Error codes the engine acts on; a gateway may send others, which are retried. */
export const GATEWAY_CODES = {
  invalidRequest: 'invalid_request',
  invalidProfileUrl: 'invalid_profile_url',
  unauthorized: 'unauthorized',
  sessionExpired: 'session_expired',
  checkpointRequired: 'checkpoint_required',
  accountRestricted: 'account_restricted',
  accountNotFound: 'account_not_found',
  profileNotFound: 'profile_not_found',
  invitationNotFound: 'invitation_not_found',
  idempotencyKeyInUse: 'idempotency_key_in_use',
  idempotencyKeyReused: 'idempotency_key_reused',
  noteTooLong: 'note_too_long',
  messageTooLong: 'message_too_long',
  cannotInvite: 'cannot_invite',
  notConnected: 'not_connected',
  messagingUnavailable: 'messaging_unavailable',
  rateLimited: 'rate_limited',
} as const;
