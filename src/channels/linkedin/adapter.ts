import { senderLabel, type SenderAccount } from '../../db/senderAccounts';
import { requireCredential, type CredentialSource } from '../credentials';
import { recipientIdentifier } from '../recipients';
import type { CheckRequest, ConnectionRequest, LinkedInChannel, MessageRequest, SendRequest, SendResult } from '../types';
import { firstInbound, firstSeen, latestAcceptance } from './checks';
import { invitationAnswer, messageAnswer } from './contract';
import { invalidInput } from './failures';
import { callGateway, type GatewayTarget } from './gateway-client';
import { invitationIds, messageIds, providerId } from './provider-ids';
import { linkedInSettings, type LinkedInSettings } from './settings';

export const LINKEDIN_GATEWAY_PROVIDER = 'linkedin-gateway';

/** The secret each account's credentials_ref must name: the gateway's API key (a Bearer token). */
const LINKEDIN_GATEWAY_CREDENTIAL = 'apiKey';

export interface LinkedInGatewayDeps {
  credentials: CredentialSource;
  /** For accounts whose settings name no `gatewayUrl`. */
  gatewayUrl?: string;
  /** Per gateway request, answer body included. A gateway drives a browser, so the default is generous: 30 s. */
  timeoutMs?: number;
  now?: () => Date;
}

/**
 * LinkedIn through an operator's HTTP gateway (docs/channels/linkedin-gateway.md). Provider ids are
 * `invitation:<id>` and `message:<id>`, so a check knows which of a journey's sends to ask about.
 */
export function createLinkedInGatewayAdapter(deps: LinkedInGatewayDeps): LinkedInChannel & Required<Pick<LinkedInChannel, 'checkRead'>> {
  const now = deps.now ?? (() => new Date());

  async function open(sender: SenderAccount): Promise<{ target: GatewayTarget; settings: LinkedInSettings }> {
    const settings = linkedInSettings(sender, deps.gatewayUrl);
    const apiKey = requireCredential(await deps.credentials.credentialsFor(sender), sender, LINKEDIN_GATEWAY_CREDENTIAL);
    const target = {
      baseUrl: settings.gatewayUrl,
      account: settings.gatewayAccount,
      apiKey,
      label: senderLabel(sender),
      timeoutMs: deps.timeoutMs ?? 30_000,
      now,
    };
    return { target, settings };
  }
  const target = async (sender: SenderAccount) => (await open(sender)).target;

  return {
    channel: 'linkedin',
    provider: LINKEDIN_GATEWAY_PROVIDER,

    async sendConnectionRequest(request: ConnectionRequest): Promise<SendResult> {
      const profileUrl = profileOf(request);
      const note = request.message?.body.trim() || undefined;
      const { target: gateway, settings: { noteLimit } } = await open(request.sender);
      const length = note === undefined ? 0 : [...note].length;
      if (length > noteLimit) {
        throw invalidInput(
          `${senderLabel(request.sender)}: the connection note renders to ${length} characters; LinkedIn takes at most ${noteLimit} from this account (settings.noteLimit)`,
        );
      }
      const { invitation } = await callGateway(
        gateway,
        { method: 'POST', path: '/invitations', operation: 'send invitation', body: { profileUrl, ...(note ? { note } : {}) }, idempotencyKey: request.idempotencyKey },
        invitationAnswer,
      );
      return { providerId: providerId('invitation', invitation.id), sentAt: invitation.sentAt };
    },

    async sendDm(request: MessageRequest): Promise<SendResult> {
      const profileUrl = profileOf(request);
      const { message } = await callGateway(
        await target(request.sender),
        { method: 'POST', path: '/messages', operation: 'send message', body: { profileUrl, text: request.message.body }, idempotencyKey: request.idempotencyKey },
        messageAnswer,
      );
      return { providerId: providerId('message', message.id), sentAt: message.sentAt };
    },

    async checkConnectionAccepted(request: CheckRequest) {
      return latestAcceptance(await target(request.sender), invitationIds(request.providerIds), request);
    },

    async checkRepliedToNote(request: CheckRequest) {
      const profileUrl = profileOf(request);
      if (invitationIds(request.providerIds).length === 0) return undefined;
      return firstInbound(await target(request.sender), profileUrl, request, 'replied_to_note');
    },

    async checkReplied(request: CheckRequest) {
      return firstInbound(await target(request.sender), profileOf(request), request, 'replied');
    },

    async checkRead(request: CheckRequest) {
      const ours = new Set(messageIds(request.providerIds));
      if (ours.size === 0) return undefined;
      return firstSeen(await target(request.sender), profileOf(request), request, ours);
    },
  };
}

function profileOf(request: Pick<SendRequest, 'lead' | 'sender'>): string {
  return recipientIdentifier('linkedin', request.lead, request.sender);
}
