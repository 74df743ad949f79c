import { ApplicationFailure } from '@temporalio/common';
import {
  FAILURE_TYPES,
  InvalidMessageError,
  MissingSetupError,
  RateLimitedError,
  RecipientUnreachableError,
  SenderAccountError,
} from '../src/channels/errors';

/**
 * Maps the channel failure classes onto Temporal's retry semantics: permanent failures become
 * non-retryable with a `type` the workflow branches on; rate limits retry when the provider says.
 * Anything else stays a plain error and is retried with the activity's backoff.
 */
export function classifyFailure(error: unknown): unknown {
  if (error instanceof RecipientUnreachableError) {
    return ApplicationFailure.nonRetryable(error.message, FAILURE_TYPES.recipientUnreachable);
  }
  if (error instanceof SenderAccountError) {
    return ApplicationFailure.nonRetryable(error.message, FAILURE_TYPES.senderAccount);
  }
  if (error instanceof InvalidMessageError) {
    return ApplicationFailure.nonRetryable(error.message, FAILURE_TYPES.invalidInput);
  }
  if (error instanceof MissingSetupError) {
    return ApplicationFailure.nonRetryable(error.message, FAILURE_TYPES.noSender);
  }
  if (error instanceof RateLimitedError) {
    return ApplicationFailure.create({
      message: error.message,
      type: FAILURE_TYPES.rateLimited,
      nextRetryDelay: Math.max(1, error.retryAfterMs),
    });
  }
  return error;
}

export async function classified<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw classifyFailure(error);
  }
}
