import type { CheckRequest, ObservedOutcome } from '../types';
import { GATEWAY_CODES, invitationAnswer, messagePage, type GatewayMessage } from './contract';
import { callGateway, lookUpOnGateway, type GatewayTarget } from './gateway-client';
import { providerId } from './provider-ids';

const PAGE_SIZE = 100;
/** A conversation with more messages than this since our send is not one a journey is waiting on. */
const MAX_PAGES = 20;

type Window = Pick<CheckRequest, 'since' | 'asOf'>;

/** Only what happened after the send being answered and not after the journey's clock counts. */
function inWindow(at: Date | null | undefined, window: Window): at is Date {
  return at != null && at.getTime() >= window.since.getTime() && at.getTime() <= window.asOf.getTime();
}

/**
 * Whether the newest invitation the gateway still knows was accepted in the window. An invitation the
 * gateway no longer knows (404 invitation_not_found) is skipped: an older one may still be there.
 */
export async function latestAcceptance(target: GatewayTarget, ids: string[], request: CheckRequest): Promise<ObservedOutcome | undefined> {
  for (const id of ids) {
    const answer = await lookUpOnGateway(
      target,
      { method: 'GET', path: `/invitations/${encodeURIComponent(id)}`, operation: 'get invitation' },
      invitationAnswer,
      GATEWAY_CODES.invitationNotFound,
    );
    if (!answer) continue;
    const { invitation } = answer;
    if (invitation.status !== 'accepted' || !inWindow(invitation.acceptedAt, request)) return undefined;
    return { observation: 'connection_accepted', at: invitation.acceptedAt, providerId: providerId('invitation', invitation.id) };
  }
  return undefined;
}

/** The lead's first message to us in the window. Whether it reads as interested is unknown here. */
export async function firstInbound(
  target: GatewayTarget,
  profileUrl: string,
  request: CheckRequest,
  observation: 'replied' | 'replied_to_note',
): Promise<ObservedOutcome | undefined> {
  for await (const message of conversation(target, profileUrl, request.since)) {
    if (message.direction === 'inbound' && inWindow(message.sentAt, request)) {
      return { observation, at: message.sentAt, providerId: providerId('message', message.id) };
    }
  }
  return undefined;
}

/** The earliest seen receipt in the window on one of our messages; none when the gateway reports no receipts. */
export async function firstSeen(
  target: GatewayTarget,
  profileUrl: string,
  request: CheckRequest,
  ours: Set<string>,
): Promise<ObservedOutcome | undefined> {
  let first: GatewayMessage | undefined;
  for await (const message of conversation(target, profileUrl, request.since)) {
    if (message.direction !== 'outbound' || !ours.has(message.id) || !inWindow(message.seenAt, request)) continue;
    if (!first?.seenAt || message.seenAt.getTime() < first.seenAt.getTime()) first = message;
  }
  if (!first?.seenAt) return undefined;
  return { observation: 'read', at: first.seenAt, providerId: providerId('message', first.id) };
}

/** The messages exchanged with the lead since `since`, oldest first, following the gateway's cursor. */
async function* conversation(target: GatewayTarget, profileUrl: string, since: Date): AsyncGenerator<GatewayMessage> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await callGateway(
      target,
      {
        method: 'GET',
        path: '/messages',
        operation: 'list messages',
        query: { profileUrl, since: since.toISOString(), limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) },
      },
      messagePage,
    );
    yield* answer.messages;
    if (!answer.nextCursor) return;
    cursor = answer.nextCursor;
  }
}
