import type { Action, Channel, Observation } from '../sequences/model';
import { MissingSetupError } from './errors';
import type { ChannelRegistry, CheckRequest, ObservedOutcome, OutboundMessage, SendRequest, SendResult } from './types';

function adapter<C extends Channel>(registry: ChannelRegistry, channel: C): NonNullable<ChannelRegistry[C]> {
  const found = registry[channel];
  if (!found) throw new MissingSetupError(`no adapter is configured for channel "${channel}"`);
  return found;
}

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
  switch (action) {
    case 'FOLLOW_ON_TWITTER':
      return tagged(adapter(registry, 'x'), (x) => x.follow(request), request);
    case 'UNFOLLOW_ON_TWITTER':
      return tagged(adapter(registry, 'x'), (x) => x.unfollow(request), request);
    case 'SEND_TWITTER_DM':
      return tagged(adapter(registry, 'x'), (x) => x.sendDm(withMessage(request, message)), request);
    case 'SEND_EMAIL':
      return tagged(adapter(registry, 'email'), (email) => email.sendEmail(withMessage(request, message)), request);
    case 'SEND_CONNECTION_REQUEST':
      return tagged(adapter(registry, 'linkedin'), (li) => li.sendConnectionRequest({ ...request, ...(message ? { message } : {}) }), request);
    case 'SEND_LINKEDIN_DM':
      return tagged(adapter(registry, 'linkedin'), (li) => li.sendDm(withMessage(request, message)), request);
    case 'SEND_XMTP_DM':
      return tagged(adapter(registry, 'xmtp'), (xmtp) => xmtp.sendDm(withMessage(request, message)), request);
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
  switch (observation) {
    case 'followed_back':
      return adapter(registry, 'x').checkFollowedBack(request);
    case 'connection_accepted':
      return adapter(registry, 'linkedin').checkConnectionAccepted(request);
    case 'replied_to_note':
      return adapter(registry, 'linkedin').checkRepliedToNote(request);
    case 'replied':
      return adapter(registry, channel).checkReplied(request);
    case 'read': {
      const found = adapter(registry, channel);
      return found.checkRead ? found.checkRead(request) : undefined;
    }
  }
}

async function tagged<A>(
  channel: A,
  operation: (channel: A) => Promise<SendResult>,
  request: SendRequest,
): Promise<SendResult & { provider: string }> {
  return { ...(await operation(channel)), provider: request.sender.provider };
}
