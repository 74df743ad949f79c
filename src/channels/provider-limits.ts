import type { Channel } from '../sequences/model';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * A number a provider states for what one account may do, with the page that states it. The cap ceilings
 * (src/senders/caps.ts) take their numbers from these where they coincide, and a test holds the default caps
 * and pacing (default-caps.ts) inside every one of them. The rules without a number (no automation on
 * LinkedIn, no follow churn on X, one-click unsubscribe) are in docs/provider-rules.md.
 */
export interface ProviderLimit {
  channel: Channel;
  /** What the provider counts, in its words. */
  counts: string;
  max: number;
  /** The window the provider counts in. */
  windowMs: number;
  source: string;
  /** How sure the number is, when it is not stated plainly on the source page. */
  caveat?: string;
}

export const X_DMS_PER_DAY: ProviderLimit = {
  channel: 'x',
  counts: 'Direct Messages sent',
  max: 500,
  windowMs: DAY_MS,
  source: 'https://help.x.com/en/rules-and-policies/x-limits',
};

export const X_FOLLOWS_PER_DAY: ProviderLimit = {
  channel: 'x',
  counts: 'accounts followed',
  max: 400,
  windowMs: DAY_MS,
  source: 'https://help.x.com/en/rules-and-policies/x-limits',
};

export const LINKEDIN_INVITATIONS_PER_WEEK: ProviderLimit = {
  channel: 'linkedin',
  counts: 'invitations to connect',
  max: 100,
  windowMs: 7 * DAY_MS,
  source: 'https://www.linkedin.com/help/linkedin/answer/a550555',
  caveat: 'LinkedIn states a weekly limit but no number; about 100 a week is what members have reported since 2021, unverified here',
};

export const GMAIL_RECIPIENTS_PER_DAY: ProviderLimit = {
  channel: 'email',
  counts: 'recipients from a personal Gmail account',
  max: 500,
  windowMs: DAY_MS,
  source: 'https://support.google.com/mail/answer/22839',
};

export const WORKSPACE_MESSAGES_PER_DAY: ProviderLimit = {
  channel: 'email',
  counts: 'messages from a Google Workspace mailbox',
  max: 2000,
  windowMs: DAY_MS,
  source: 'https://support.google.com/a/answer/166852',
};

export const XMTP_WRITES_PER_5_MINUTES: ProviderLimit = {
  channel: 'xmtp',
  counts: 'messages published (writes) per client',
  max: 3000,
  windowMs: 5 * MINUTE_MS,
  source: 'https://docs.xmtp.org/inboxes/rate-limits',
};

/** Every stated limit; a sender account's whole channel is counted against each, whatever it sends. */
export const PROVIDER_LIMITS: readonly ProviderLimit[] = [
  X_DMS_PER_DAY,
  X_FOLLOWS_PER_DAY,
  LINKEDIN_INVITATIONS_PER_WEEK,
  GMAIL_RECIPIENTS_PER_DAY,
  WORKSPACE_MESSAGES_PER_DAY,
  XMTP_WRITES_PER_5_MINUTES,
];
