import assert from 'node:assert/strict';
import { backoffDelay, sleep } from '../../../src/ingest/listeners/backoff';

describe('listener backoff', () => {
  const backoff = { initialMs: 1_000, maxMs: 60_000 };

  it('doubles from the initial delay up to the cap, jittered between half and all of it', () => {
    assert.deepEqual([1, 2, 3, 4].map((n) => backoffDelay(n, backoff, () => 1)), [1_000, 2_000, 4_000, 8_000]);
    assert.equal(backoffDelay(7, backoff, () => 1), 60_000);
    assert.equal(backoffDelay(10_000, backoff, () => 1), 60_000);
    assert.equal(backoffDelay(3, backoff, () => 0), 2_000);
  });

  it('a sleep ends when the listener stops', async () => {
    const controller = new AbortController();
    const slept = sleep(3_600_000, controller.signal);
    controller.abort();
    await slept;
  });
});
