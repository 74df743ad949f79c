import type { LeadContact } from '../db/people';
import type { SenderAccount } from '../db/senderAccounts';
import type { Action, Observation } from '../sequences/model';

export interface OutboundMessage {
  subject?: string;
  body: string;
}

export interface SendRequest {
  action: Action;
  /** Stable across retries of one send: (journey, node, visit). Providers that support it dedupe on it. */
  idempotencyKey: string;
  lead: LeadContact;
  sender: SenderAccount;
  /** Provider ids of earlier messages in this journey on this channel, oldest first (threading). */
  earlierProviderIds: string[];
  /** Journey time of the send. */
  at: Date;
  /** 1 on the first try; retries count up. */
  attempt: number;
}

export interface MessageRequest extends SendRequest {
  message: OutboundMessage;
}

/** A connection request's note is optional. */
export interface ConnectionRequest extends SendRequest {
  message?: OutboundMessage;
}

export interface SendResult {
  providerId: string;
  sentAt: Date;
}

export interface CheckRequest {
  lead: LeadContact;
  sender: SenderAccount;
  /** Only outcomes after this moment count (the send being answered, or the journey's first send). */
  since: Date;
  /** Journey time of the check. */
  asOf: Date;
  /** Provider ids of the messages whose answers count. */
  providerIds: string[];
}

export interface ObservedOutcome {
  observation: Observation;
  at: Date;
  providerId?: string;
  /** For replies: whether the reply reads as interested. Unknown when absent. */
  positive?: boolean;
}

/** A check's answer: the outcome when it has happened, undefined when not (yet). */
export type CheckResult = Promise<ObservedOutcome | undefined>;

/**
 * One interface per channel, one adapter per provider. Failures are thrown as the classes in `./errors`;
 * any other error is treated as transient and retried.
 */
interface ChannelAdapter<C extends string> {
  readonly channel: C;
  readonly provider: string;
  /** Whether the lead read our messages (read receipts, opens), where the provider can tell. */
  checkRead?(request: CheckRequest): CheckResult;
}

export interface XChannel extends ChannelAdapter<'x'> {
  follow(request: SendRequest): Promise<SendResult>;
  unfollow(request: SendRequest): Promise<SendResult>;
  sendDm(request: MessageRequest): Promise<SendResult>;
  checkFollowedBack(request: CheckRequest): CheckResult;
  checkReplied(request: CheckRequest): CheckResult;
}

export interface EmailChannel extends ChannelAdapter<'email'> {
  sendEmail(request: MessageRequest): Promise<SendResult>;
  checkReplied(request: CheckRequest): CheckResult;
}

export interface LinkedInChannel extends ChannelAdapter<'linkedin'> {
  sendConnectionRequest(request: ConnectionRequest): Promise<SendResult>;
  sendDm(request: MessageRequest): Promise<SendResult>;
  checkConnectionAccepted(request: CheckRequest): CheckResult;
  checkRepliedToNote(request: CheckRequest): CheckResult;
  checkReplied(request: CheckRequest): CheckResult;
}

export interface XmtpChannel extends ChannelAdapter<'xmtp'> {
  sendDm(request: MessageRequest): Promise<SendResult>;
  checkReplied(request: CheckRequest): CheckResult;
}

export interface ChannelRegistry {
  x?: XChannel;
  email?: EmailChannel;
  linkedin?: LinkedInChannel;
  xmtp?: XmtpChannel;
}
