/**
 * The failure classes a channel adapter may throw. A plain Error is transient: the activity retries it
 * with backoff. These are the failures a retry will not fix, or that say when to come back.
 */

/** This lead cannot be reached on this channel (account gone, DMs closed, no mailbox): stop the journey. */
export class RecipientUnreachableError extends Error {
  override readonly name = 'RecipientUnreachableError';
}

/** The sender account cannot send (token revoked, suspended, auth failed): stop using the account. */
export class SenderAccountError extends Error {
  override readonly name = 'SenderAccountError';
}

/** The rendered message breaks a provider limit (a note or DM too long): a retry sends the same; fail the journey. */
export class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError';
}

/** Set-up a retry cannot fix (no sender account or adapter for a channel): the journey waits for an operator. */
export class MissingSetupError extends Error {
  override readonly name = 'MissingSetupError';
}

/** The provider asked us to come back later. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/** Failure `type`s that workflows see on ApplicationFailure; shared by activities and workflows. */
export const FAILURE_TYPES = {
  recipientUnreachable: 'RecipientUnreachable',
  senderAccount: 'SenderAccountUnavailable',
  rateLimited: 'RateLimited',
  noSender: 'NoSenderAccount',
  invalidInput: 'InvalidJourneyInput',
} as const;
