import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { isCancellation } from '@temporalio/workflow';

export interface ActivityGaveUp {
  reason: string;
  /** True when a retryable failure ran out of attempts; false when the failure was non-retryable. */
  retriesExhausted: boolean;
  /** The ApplicationFailure's type, when it has one (see FAILURE_TYPES). */
  type?: string;
}

/**
 * Describes an activity that failed for good: a non-retryable failure, or one whose retries ran out.
 * Undefined for anything else: a cancellation, which ends the journey as cancelled, or a bug in our code,
 * which must fail the workflow task so that a fixed worker can carry on.
 */
export function activityGaveUp(error: unknown): ActivityGaveUp | undefined {
  if (!(error instanceof ActivityFailure) || isCancellation(error)) return undefined;
  const cause = error.cause;
  const what = cause instanceof ApplicationFailure && cause.type ? `${cause.type}: ${cause.message}` : cause?.message;
  const retriesExhausted = error.retryState === RetryState.MAXIMUM_ATTEMPTS_REACHED;
  const reason = what ?? error.message;
  const type = cause instanceof ApplicationFailure && cause.type ? cause.type : undefined;
  return {
    reason: retriesExhausted ? `gave up after retries: ${reason}` : reason,
    retriesExhausted,
    ...(type === undefined ? {} : { type }),
  };
}
