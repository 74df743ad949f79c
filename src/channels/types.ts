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
  /** The rendered template; absent for follows, unfollows and connection requests without a note. */
  message?: OutboundMessage;
  /** Provider ids of earlier messages in this journey on this channel, oldest first (threading). */
  earlierProviderIds: string[];
  /** Journey time of the send. */
  at: Date;
  /** 1 on the first try; retries count up. */
  attempt: number;
}

export interface SendResult {
  providerId: string;
  sentAt: Date;
}

export interface CheckRequest {
  lead: LeadContact;
  sender: SenderAccount;
  observations: Observation[];
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

/**
 * One provider behind one channel. Failures are thrown as the classes in `./errors`;
 * any other error is treated as transient and retried.
 */
export interface ChannelAdapter {
  readonly channel: Channel;
  readonly provider: string;
  send(request: SendRequest): Promise<SendResult>;
  check(request: CheckRequest): Promise<ObservedOutcome[]>;
}

export type ChannelRegistry = Partial<Record<Channel, ChannelAdapter>>;
