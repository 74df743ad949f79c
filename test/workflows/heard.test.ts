import assert from 'node:assert/strict';
import type { ExternalObservation } from '../../workflows/contract';
import { EVENT_ID_MAX, EVENT_IDS_KEPT, OBSERVATIONS_KEPT, forgetStale, hear, heardFrom, usable } from '../../workflows/heard';
import { compileSequence } from '../support/journeys';

const T0 = Date.parse('2026-12-01T06:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const reply = (eventId: string, at = T0): ExternalObservation => ({ eventId, observation: 'replied', channel: 'x', at: iso(at) });

describe('what a journey hears by signal (workflows/heard.ts)', () => {
  it('takes an event id once and remembers the latest EVENT_IDS_KEPT of them', () => {
    const heard = heardFrom(undefined);
    assert.equal(hear(heard, reply('e-0'), T0), undefined);
    assert.equal(hear(heard, reply('e-0'), T0), 'event already taken');
    for (let i = 1; i <= EVENT_IDS_KEPT; i++) hear(heard, reply(`e-${i}`), T0);
    assert.equal(heard.eventIds.length, EVENT_IDS_KEPT);
    assert.equal(heard.eventIds[0], 'e-1', 'the oldest id let go');
    assert.equal(heard.kept.length, OBSERVATIONS_KEPT, 'observations are bounded too, the latest kept');
    assert.equal(heard.kept.at(-1)!.eventId, `e-${EVENT_IDS_KEPT}`);
  });

  it('carries what a run heard into the next one without sharing its arrays', () => {
    const first = heardFrom(undefined);
    hear(first, reply('e-1'), T0);
    const next = heardFrom(first);
    assert.equal(hear(next, reply('e-1'), T0), 'event already taken');
    hear(next, reply('e-2'), T0);
    assert.deepEqual(first.eventIds, ['e-1']);
  });

  it('stamps an observation without a time with its arrival, and names what it cannot read', () => {
    const heard = heardFrom(undefined);
    assert.equal(hear(heard, { observation: 'replied' }, T0), undefined);
    assert.equal(heard.kept[0]!.at, iso(T0));
    assert.equal(hear(heard, { observation: 'read' }, T0), 'observation "read" decides no edge');
    assert.equal(hear(heard, { observation: 'replied', channel: 'sms' as never }, T0), 'channel "sms" is not one of x, email, linkedin, xmtp');
    assert.equal(hear(heard, { observation: 'replied', at: 'yesterday' }, T0), 'at "yesterday" is not a time');
    assert.equal(hear(heard, { observation: 'replied', eventId: 'x'.repeat(EVENT_ID_MAX + 1) }, T0), `eventId must be a string of 1 to ${EVENT_ID_MAX} characters`);
    assert.equal(hear(heard, null as never, T0), 'not an observation');
    assert.equal(hear(heard, { observation: 'replied', positive: 'yes' as never }, T0), 'positive "yes" is not true or false');
    assert.equal(hear(heard, { observation: 'replied', extra: 'x'.repeat(10_000) } as never, T0), undefined);
    assert.deepEqual(Object.keys(heard.kept.at(-1)!), ['observation', 'at'], 'only the known fields are kept');
    assert.equal(heard.kept.length, 2);
  });

  it('lets a wait take only what came after the message it answers, on its channels', () => {
    const heard = heardFrom(undefined);
    hear(heard, reply('early', T0 - 1), T0);
    hear(heard, { ...reply('email'), channel: 'email' }, T0);
    const scope = { observations: ['replied'], channels: ['x' as const], since: T0 };
    assert.equal(usable(heard, scope), undefined);
    hear(heard, reply('on-time', T0), T0);
    assert.equal(usable(heard, scope)?.eventId, 'on-time');
    assert.equal(usable(heard, { ...scope, observations: ['followed_back'] }), undefined);
  });

  it('drops what no later wait can take: older than the latest send, or than the first one with CHECK_FOR_REPLY', () => {
    const sent = [{ sentAt: iso(T0) }, { sentAt: iso(T0 + 1000) }];
    const between = reply('between', T0 + 500);
    const sends = compileSequence('nodes:\n  - { id: dm, action: SEND_TWITTER_DM, template: t }\ntemplates:\n  t: { body: "hi" }\nedges:\n  - { from: dm, trigger: END }\n');
    const looks = compileSequence('nodes:\n  - { id: check, action: CHECK_FOR_REPLY }\nedges:\n  - { from: check, trigger: REPLIED, within: 1d }\n  - { from: check, trigger: NOT_REPLIED }\n');
    const heard = heardFrom(undefined);
    hear(heard, between, T0);
    forgetStale(heard, looks, sent);
    assert.deepEqual(heard.kept.map((o) => o.eventId), ['between']);
    forgetStale(heard, sends, sent);
    assert.deepEqual(heard.kept, []);
  });
});
