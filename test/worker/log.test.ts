import assert from 'node:assert/strict';
import { classifyFailure } from '../../activities/failures';
import {
  FAILURE_TYPES,
  InvalidMessageError,
  MissingSetupError,
  RateLimitedError,
  RecipientUnreachableError,
  SenderAccountError,
} from '../../src/channels/errors';
import { logLine } from '../../src/worker/log';

function activityFailed(error: unknown): Record<string, unknown> {
  const line = logLine({
    level: 'WARN',
    message: 'Activity failed',
    timestampNanos: 1_764_547_200_000_000_000n,
    meta: { error, durationMs: 12, activityType: 'sendAction', workflowId: 'journey-s-1', taskToken: 'AbCd==', attempt: 2 },
  });
  assert.doesNotMatch(line, /\n/);
  return JSON.parse(line) as Record<string, unknown>;
}

describe('the worker log: one JSON line per entry', () => {
  it('logs each expected activity failure as its type and message, without a stack', () => {
    const cases: [Error, string][] = [
      [new RateLimitedError('x:@acme rate limited on dm (429)', 60_000), FAILURE_TYPES.rateLimited],
      [new RecipientUnreachableError('x:@acme: recipient does not accept DMs'), FAILURE_TYPES.recipientUnreachable],
      [new SenderAccountError('x:@acme: token revoked (401)'), FAILURE_TYPES.senderAccount],
      [new InvalidMessageError('linkedin:ada: note over 300 characters'), FAILURE_TYPES.invalidInput],
      [new MissingSetupError('no adapter is configured for channel "xmtp"'), FAILURE_TYPES.noSender],
    ];
    for (const [error, type] of cases) {
      assert.deepEqual(activityFailed(classifyFailure(error)), {
        time: '2025-12-01T00:00:00.000Z',
        level: 'WARN',
        message: 'Activity failed',
        error: error.message,
        errorType: type,
        durationMs: 12,
        activityType: 'sendAction',
        workflowId: 'journey-s-1',
        attempt: 2,
      });
    }
  });

  it('logs a transient provider failure as its message, and a bug with its stack', () => {
    const transient = activityFailed(new Error('x: 503 service unavailable'));
    assert.equal(transient.error, 'x: 503 service unavailable');
    assert.equal(transient.stack, undefined);
    const bug = activityFailed(new TypeError("Cannot read properties of undefined (reading 'id')"));
    assert.equal(bug.error, "Cannot read properties of undefined (reading 'id')");
    assert.match(String(bug.stack), /TypeError: Cannot read properties of undefined[\s\S]*\n\s+at /);
  });
});
