import assert from 'node:assert/strict';
import { DEFAULT_CAPS, DEFAULT_PACING } from '../../src/channels/default-caps';
import { PROVIDER_LIMITS } from '../../src/channels/provider-limits';
import type { Caps } from '../../src/senders/caps';
import { type Pacing, spacingMs } from '../../src/senders/pacing';
import { CHANNELS } from '../../src/sequences/model';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The most sends an account can make in any window of this length: each cap per started hour or day of
 * it, and the pacing's timeline (a burst, then one per spacing), whichever allows fewer.
 */
function mostSentIn(windowMs: number, caps: Caps, pacing: Pacing): number {
  const byCaps = Math.min(caps.hourlyCap * Math.ceil(windowMs / HOUR_MS), caps.dailyCap * Math.ceil(windowMs / DAY_MS));
  return Math.min(byCaps, pacing.burst + Math.floor(windowMs / spacingMs(caps, pacing)));
}

describe('provider limits', () => {
  it('hold each channel\'s default caps and pacing inside every limit its provider states, counting every send against each', () => {
    for (const limit of PROVIDER_LIMITS) {
      const most = mostSentIn(limit.windowMs, DEFAULT_CAPS[limit.channel], DEFAULT_PACING[limit.channel]);
      assert.ok(most <= limit.max, `${limit.channel}: ${most} sends in ${limit.windowMs} ms, over ${limit.max} ${limit.counts} (${limit.source})`);
    }
  });

  it('fit LinkedIn\'s default into about 100 invitations a week, and email\'s into a personal Gmail account', () => {
    assert.equal(mostSentIn(7 * DAY_MS, DEFAULT_CAPS.linkedin, DEFAULT_PACING.linkedin), 98);
    assert.equal(mostSentIn(DAY_MS, DEFAULT_CAPS.email, DEFAULT_PACING.email), 500);
    assert.equal(mostSentIn(DAY_MS, DEFAULT_CAPS.x, DEFAULT_PACING.x), 300);
  });

  it('name a source page for every limit, and give every channel at least one', () => {
    for (const limit of PROVIDER_LIMITS) assert.match(limit.source, /^https:\/\/[a-z.]+\.(com|org)\//, limit.counts);
    assert.deepEqual(new Set(PROVIDER_LIMITS.map((l) => l.channel)), new Set(CHANNELS));
  });

});
