import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { classified, classifyFailure } from '../../activities/failures';
import {
  FAILURE_TYPES,
  InvalidMessageError,
  MissingSetupError,
  RateLimitedError,
  RecipientUnreachableError,
  SenderAccountError,
} from '../../src/channels/errors';

function asFailure(error: unknown): ApplicationFailure {
  const mapped = classifyFailure(error);
  assert.ok(mapped instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(mapped)}`);
  return mapped;
}

describe('mapping channel failures onto Temporal retries', () => {
  const permanent = [
    ['RecipientUnreachableError', new RecipientUnreachableError('user does not accept DMs'), FAILURE_TYPES.recipientUnreachable],
    ['SenderAccountError', new SenderAccountError('token revoked'), FAILURE_TYPES.senderAccount],
    ['InvalidMessageError', new InvalidMessageError('note over 300 characters'), FAILURE_TYPES.invalidInput],
    ['MissingSetupError', new MissingSetupError('no adapter for provider "x-api"'), FAILURE_TYPES.noSender],
  ] as const;

  for (const [name, error, type] of permanent) {
    it(`makes ${name} a non-retryable ${type} with the adapter's message`, () => {
      const failure = asFailure(error);
      assert.deepEqual(
        { type: failure.type, nonRetryable: failure.nonRetryable, message: failure.message, nextRetryDelay: failure.nextRetryDelay },
        { type, nonRetryable: true, message: error.message, nextRetryDelay: undefined },
      );
    });
  }

  it('retries a RateLimitedError when the provider said, not on the backoff', () => {
    const failure = asFailure(new RateLimitedError('429: window resets in 90 s', 90_000));
    assert.deepEqual(
      { type: failure.type, nonRetryable: failure.nonRetryable, message: failure.message, nextRetryDelay: failure.nextRetryDelay },
      { type: FAILURE_TYPES.rateLimited, nonRetryable: false, message: '429: window resets in 90 s', nextRetryDelay: 90_000 },
    );
  });

  it('retries a rate limit that names no future time after a millisecond rather than at once', () => {
    assert.equal(asFailure(new RateLimitedError('reset already passed', -5_000)).nextRetryDelay, 1);
    assert.equal(asFailure(new RateLimitedError('reset now', 0)).nextRetryDelay, 1);
  });

  it('leaves a plain error as it is, for the activity to retry with its backoff', () => {
    const timeout = new Error('ETIMEDOUT');
    assert.equal(classifyFailure(timeout), timeout);
    assert.equal(classifyFailure('a string thrown'), 'a string thrown');
  });

  it('classified() passes results through and throws the mapped failure', async () => {
    assert.equal(await classified(async () => 42), 42);
    await assert.rejects(
      classified(async () => {
        throw new RecipientUnreachableError('no such mailbox');
      }),
      (error: unknown) => error instanceof ApplicationFailure && error.type === FAILURE_TYPES.recipientUnreachable && error.nonRetryable,
    );
  });
});
