import assert from 'node:assert/strict';
import type { SendDeferral } from '../../workflows/contract';
import { deferredUntil } from '../../workflows/defer';

describe('a deferral of the next message (the defer signal)', () => {
  const now = Date.parse('2026-12-02T10:00:00Z');

  it('holds until its time, and the later of two deferrals wins', () => {
    assert.deepEqual(deferredUntil(undefined, { until: '2026-12-14T00:00:00Z' }, now), { until: '2026-12-14T00:00:00.000Z' });
    assert.deepEqual(deferredUntil('2026-12-14T00:00:00.000Z', { until: '2026-12-10T00:00:00Z' }, now), { until: '2026-12-14T00:00:00.000Z' });
    assert.deepEqual(deferredUntil('2026-12-14T00:00:00.000Z', { until: '2026-12-20T00:00:00Z' }, now), { until: '2026-12-20T00:00:00.000Z' });
  });

  it('holds a year at most', () => {
    assert.deepEqual(deferredUntil(undefined, { until: '2036-01-01T00:00:00Z' }, now), { until: new Date(now + 366 * 86_400_000).toISOString() });
  });

  it('drops a signal it cannot read, saying why, and keeps the deferral it holds', () => {
    for (const bad of [{ until: 'next week' }, { until: 5 }, null, 'soon'] as unknown as SendDeferral[]) {
      assert.deepEqual(deferredUntil('2026-12-14T00:00:00.000Z', bad, now), { ignored: 'defer signal without a readable `until`' });
    }
  });
});
