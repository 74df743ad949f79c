import assert from 'node:assert/strict';
import type { SentMessage } from '../../workflows/contract';
import { SENT_KEPT, rememberSent } from '../../workflows/sent-messages';

const message = (i: number): SentMessage => ({ nodeId: `n${i}`, channel: 'x', providerId: `m${i}`, sentAt: new Date(Date.UTC(2026, 0, 1, i)).toISOString() });

describe('the messages a journey remembers', () => {
  it('keeps the first message however many follow, so CHECK_FOR_REPLY still looks back to it', () => {
    const sent: SentMessage[] = [];
    for (let i = 0; i < SENT_KEPT * 3; i++) rememberSent(sent, message(i));
    assert.equal(sent.length, SENT_KEPT);
    assert.deepEqual(sent[0], message(0));
    assert.deepEqual(sent.slice(1).map((m) => m.providerId), Array.from({ length: SENT_KEPT - 1 }, (_, i) => `m${SENT_KEPT * 3 - (SENT_KEPT - 1) + i}`));
  });

  it('trims nothing below the limit', () => {
    const sent: SentMessage[] = [];
    for (let i = 0; i < SENT_KEPT; i++) rememberSent(sent, message(i));
    assert.deepEqual(sent.map((m) => m.providerId), Array.from({ length: SENT_KEPT }, (_, i) => `m${i}`));
  });
});
