import type { LeadContact } from '../db/people';
import type { SenderAccount } from '../db/senderAccounts';
import type { Action, Channel, Observation } from '../sequences/model';

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
  /** Email: the token of its unsubscribe link (header and `{{ unsubscribe_url }}` alike; src/unsubscribe/token.ts). */
  unsubscribeToken?: string;
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
  /**
   * For replies: reads an answer the provider let us read, in order, until one is a reply from the person
   * (the reply classifier, docs/replies.md). Absent: every answer counts, as the provider reports it.
   */
  readReply?: ReadReply;
}

/** An answer as the reply classifier reads it; never logged, never handed to the workflow. */
interface InboundReply {
  text: string;
  subject?: string;
  /** Email: header fields by lower-case name (REPLY_HEADER_FIELDS of ./email/classify). */
  headers?: Record<string, string>;
  at: Date;
}

/** Whether an answer is a reply from the person, and a positive one; what else it means is acted on by the reader. */
export type ReadReply = (reply: InboundReply) => Promise<{ reply: false } | { reply: true; positive: boolean }>;

export interface ObservedOutcome {
  observation: Observation;
  at: Date;
  providerId?: string;
  /** For replies: whether the reply reads as interested. Unknown when absent. */
  positive?: boolean;
}

/** A check's answer: the outcome when it has happened, undefined when not (yet). */
type CheckResult = Promise<ObservedOutcome | undefined>;

/**
 * One interface per channel, one adapter per provider. Failures are thrown as the classes in `./errors`;
 * any other error is treated as transient and retried.
 */
interface ProviderAdapter<C extends Channel> {
  readonly channel: C;
  /** The `sender_accounts.provider` this adapter serves. */
  readonly provider: string;
  /** Whether the lead read our messages (read receipts, opens), where the provider can tell. */
  checkRead?(request: CheckRequest): CheckResult;
}

export interface XChannel extends ProviderAdapter<'x'> {
  follow(request: SendRequest): Promise<SendResult>;
  unfollow(request: SendRequest): Promise<SendResult>;
  sendDm(request: MessageRequest): Promise<SendResult>;
  checkFollowedBack(request: CheckRequest): CheckResult;
  checkReplied(request: CheckRequest): CheckResult;
}

export interface EmailChannel extends ProviderAdapter<'email'> {
  sendEmail(request: MessageRequest): Promise<SendResult>;
  checkReplied(request: CheckRequest): CheckResult;
}

export interface LinkedInChannel extends ProviderAdapter<'linkedin'> {
  sendConnectionRequest(request: ConnectionRequest): Promise<SendResult>;
  sendDm(request: MessageRequest): Promise<SendResult>;
  checkConnectionAccepted(request: CheckRequest): CheckResult;
  checkRepliedToNote(request: CheckRequest): CheckResult;
  checkReplied(request: CheckRequest): CheckResult;
}

export interface XmtpChannel extends ProviderAdapter<'xmtp'> {
  sendDm(request: MessageRequest): Promise<SendResult>;
  checkReplied(request: CheckRequest): CheckResult;
}

/** Each channel's interface; a channel missing here is a compile error wherever adapters are kept per channel. */
export interface AdapterByChannel {
  x: XChannel;
  email: EmailChannel;
  linkedin: LinkedInChannel;
  xmtp: XmtpChannel;
}

/** An adapter of channel `C`; without `C`, an adapter of any channel (its `channel` tells which). */
export type ChannelAdapter<C extends Channel = Channel> = AdapterByChannel[C];

/** The adapters a worker runs, found by channel and by the provider a sender account names. */
export interface ChannelRegistry {
  /** Whether this worker runs any adapter on `channel`. */
  hasChannel(channel: Channel): boolean;
  /**
   * The adapter for `sender`'s provider, typed as `channel`'s interface; a MissingSetupError when this
   * worker runs no adapter on the channel, or none for that provider.
   */
  adapterFor<C extends Channel>(channel: C, sender: SenderAccount): ChannelAdapter<C>;
}
