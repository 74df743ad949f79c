import type { Action, Channel, Observation } from '../sequences/model';
import type { ChannelAdapter, ChannelRegistry, CheckRequest, ObservedOutcome, OutboundMessage, SendRequest, SendResult } from './types';

function withMessage(request: SendRequest, message: OutboundMessage | undefined) {
  if (!message) throw new Error(`${request.action} needs a rendered message`);
  return { ...request, message };
}

/** Routes an action to its channel's operation; returns the result and the provider that sent it. */
export async function send(
  registry: ChannelRegistry,
  request: SendRequest,
  message: OutboundMessage | undefined,
): Promise<SendResult & { provider: string }> {
  const action: Action = request.action;
  const { sender } = request;
  switch (action) {
    case 'FOLLOW_ON_TWITTER':
      return sentBy(registry.adapterFor('x', sender), (x) => x.follow(request));
    case 'UNFOLLOW_ON_TWITTER':
      return sentBy(registry.adapterFor('x', sender), (x) => x.unfollow(request));
    case 'SEND_TWITTER_DM':
      return sentBy(registry.adapterFor('x', sender), (x) => x.sendDm(withMessage(request, message)));
    case 'SEND_EMAIL':
      return sentBy(registry.adapterFor('email', sender), (email) => email.sendEmail(withMessage(request, message)));
    case 'SEND_CONNECTION_REQUEST':
      return sentBy(registry.adapterFor('linkedin', sender), (li) => li.sendConnectionRequest({ ...request, ...(message ? { message } : {}) }));
    case 'SEND_LINKEDIN_DM':
      return sentBy(registry.adapterFor('linkedin', sender), (li) => li.sendDm(withMessage(request, message)));
    case 'SEND_XMTP_DM':
      return sentBy(registry.adapterFor('xmtp', sender), (xmtp) => xmtp.sendDm(withMessage(request, message)));
    case 'CHECK_FOR_REPLY':
      throw new Error('CHECK_FOR_REPLY sends nothing');
  }
}

/** Routes a check for one outcome to the channel that can see it. */
export async function check(
  registry: ChannelRegistry,
  channel: Channel,
  observation: Observation,
  request: CheckRequest,
): Promise<ObservedOutcome | undefined> {
  const { sender } = request;
  switch (observation) {
    case 'followed_back':
      return registry.adapterFor('x', sender).checkFollowedBack(request);
    case 'connection_accepted':
      return registry.adapterFor('linkedin', sender).checkConnectionAccepted(request);
    case 'replied_to_note':
      return registry.adapterFor('linkedin', sender).checkRepliedToNote(request);
    case 'replied':
      return registry.adapterFor(channel, sender).checkReplied(request);
    case 'read':
      return registry.adapterFor(channel, sender).checkRead?.(request);
  }
}

async function sentBy<A extends ChannelAdapter>(adapter: A, operation: (adapter: A) => Promise<SendResult>): Promise<SendResult & { provider: string }> {
  return { ...(await operation(adapter)), provider: adapter.provider };
}
