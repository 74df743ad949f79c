import type { Knex } from 'knex';
import type { TwitterApiv2 } from 'twitter-api-v2';
import { accountName, type SenderAccount } from '../../db/senderAccounts';
import type { CredentialSource } from '../credentials';
import { RecipientUnreachableError } from '../errors';
import type { CheckRequest, MessageRequest, ObservedOutcome, SendRequest, SendResult, XChannel } from '../types';
import { xAuth } from './account';
import { X_API_ROOT, xClientFactory } from './client';
import { findReply, findSentDm, sendDm } from './dms';
import { toChannelError } from './failures';
import { existing, XUserIds } from './users';

export const X_PROVIDER = 'x-api';

export interface XAdapterDeps {
  credentials: CredentialSource;
  /** The identity graph, where a handle's resolved user id is kept. */
  db: Knex;
  /** Where the v2 API lives; `https://api.x.com` unless pointed at a proxy or a fake. */
  apiRoot?: string;
  timeoutMs?: number;
  now?: () => Date;
}

/**
 * X through twitter-api-v2, with user-context auth per sender account (see docs/channels/x.md for the
 * credentials and settings an account row holds). X has no read receipts for DMs, so there is no checkRead.
 */
export function createXAdapter(deps: XAdapterDeps): XChannel {
  const clientFor = xClientFactory({ apiRoot: deps.apiRoot ?? X_API_ROOT, timeoutMs: deps.timeoutMs ?? 30_000 });
  const ids = new XUserIds(deps.db);
  const now = deps.now ?? (() => new Date());
  // Never before the journey's own time: the workflow continues from the time a send returns.
  const sentAt = (request: SendRequest) => new Date(Math.max(now().getTime(), request.at.getTime()));

  async function call<T>(operation: string, account: SenderAccount, work: (client: TwitterApiv2) => Promise<T>): Promise<T> {
    try {
      const client = clientFor(xAuth(await deps.credentials.credentialsFor(account), account));
      return await work(client);
    } catch (error) {
      throw toChannelError(error, { account: accountName(account), operation, now });
    }
  }

  // The lead first: an unreachable lead needs no sender lookup.
  const both = async (client: TwitterApiv2, request: SendRequest) => {
    const lead = await ids.lead(client, request.lead, request.sender);
    return [await ids.sender(client, request.sender), lead] as const;
  };

  return {
    channel: 'x',
    provider: X_PROVIDER,

    // Following someone already followed (or unfollowing someone not followed) succeeds again: no dedupe needed.
    follow: (request) =>
      call('follow', request.sender, async (client): Promise<SendResult> => {
        const [me, lead] = await both(client, request);
        await client.follow(me, lead);
        return { providerId: `follow:${me}:${lead}`, sentAt: sentAt(request) };
      }),

    unfollow: (request) =>
      call('unfollow', request.sender, async (client): Promise<SendResult> => {
        const [me, lead] = await both(client, request);
        await client.unfollow(me, lead);
        return { providerId: `unfollow:${me}:${lead}`, sentAt: sentAt(request) };
      }),

    sendDm: (request: MessageRequest) =>
      call('sendDm', request.sender, async (client): Promise<SendResult> => {
        const [me, lead] = await both(client, request);
        // X takes no idempotency key: a retry first looks for the DM an earlier attempt may have sent.
        if (request.attempt > 1) {
          const earlier = await findSentDm(client, lead, me, request.message.body, request.at);
          if (earlier) return { providerId: earlier.id, sentAt: earlier.at };
        }
        return { providerId: await sendDm(client, lead, request.message.body), sentAt: sentAt(request) };
      }),

    checkFollowedBack: (request: CheckRequest) =>
      call('checkFollowedBack', request.sender, async (client): Promise<ObservedOutcome | undefined> => {
        const lead = await ids.lead(client, request.lead, request.sender);
        // One user lookup (900 per 15 minutes) instead of paging through followers (15 per 15 minutes, 1,000 a
        // page); connection_status is relative to the authenticated sender.
        const user = existing(await client.user(lead, { 'user.fields': ['connection_status'] }));
        if (!user) {
          throw new RecipientUnreachableError(`${accountName(request.sender)}: the X account of person ${request.lead.personId} is gone`);
        }
        if (!user.connection_status?.includes('followed_by')) return undefined;
        // X does not say when a follow began: the first check that sees it dates it.
        return { observation: 'followed_back', at: request.asOf, providerId: `follower:${lead}` };
      }),

    checkReplied: (request: CheckRequest) =>
      call('checkReplied', request.sender, async (client): Promise<ObservedOutcome | undefined> => {
        const lead = await ids.lead(client, request.lead, request.sender);
        const reply = await findReply(client, lead, request.since);
        if (!reply) return undefined;
        // X dates messages to the second: a reply in the send's own second must not predate it.
        return { observation: 'replied', at: new Date(Math.max(reply.at.getTime(), request.since.getTime())), providerId: reply.id };
      }),
  };
}
