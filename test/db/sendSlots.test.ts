import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { releaseSendSlot, reserveSendSlot, type SlotDecision, type SlotRequest } from '../../src/db/sendSlots';
import { upsertSenderAccount } from '../../src/db/senderAccounts';
import { spacingMs, type Pacing } from '../../src/senders/pacing';
import { isolatedDb } from '../support/database';
import { journeyFixture, unique } from './fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2030-01-01T06:00:00.000Z');

interface Account {
  db: Knex;
  request: (at: number, key?: string) => SlotRequest;
}

async function pacedAccount(caps: { hourlyCap: number; dailyCap: number }, pacing: Pacing | null): Promise<Account> {
  const db = await isolatedDb();
  const id = await upsertSenderAccount(db, { channel: 'x', provider: 'sandbox', handle: unique('paced'), ...caps, status: 'active' });
  const journey = await journeyFixture(db);
  return {
    db,
    request: (at, key = unique('reservation')) => ({
      eventKey: key,
      workflowId: journey.workflowId,
      sequenceVersionId: journey.versionId,
      personId: journey.personId,
      nodeId: 'dm',
      visit: 1,
      channel: 'x',
      senderAccountId: id,
      ...caps,
      pacing,
      at: new Date(at),
    }),
  };
}

function slotOf(decision: SlotDecision): number {
  assert.ok(decision.granted, `refused: ${JSON.stringify(decision)}`);
  return decision.slotAt.getTime();
}

/** The most slots in any half-open window of `windowMs`. */
function busiestWindow(slots: number[], windowMs: number): number {
  const sorted = [...slots].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while ((sorted[j] as number) - (sorted[i] as number) >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

describe('send slots: GCRA per sender account', function () {
  this.timeout(60_000);

  it('spaces the slots of many concurrent reservations evenly after the burst', async () => {
    const caps = { hourlyCap: 1000, dailyCap: 10_000 };
    const pacing = { minIntervalMs: 60_000, burst: 3 };
    const { request, db } = await pacedAccount(caps, pacing);
    assert.equal(spacingMs(caps, pacing), 60_000);
    const slots = await Promise.all(Array.from({ length: 40 }, () => reserveSendSlot(db, request(T0)).then(slotOf)));
    const offsets = slots.map((s) => (s - T0) / 60_000).sort((a, b) => a - b);
    assert.deepEqual(offsets, [0, 0, 0, ...Array.from({ length: 37 }, (_, i) => i + 1)]);
  });

  it('refills the burst while the account is idle, and never beyond it', async () => {
    const { request, db } = await pacedAccount({ hourlyCap: 1000, dailyCap: 10_000 }, { minIntervalMs: 60_000, burst: 3 });
    for (let i = 0; i < 3; i++) assert.equal(slotOf(await reserveSendSlot(db, request(T0))), T0);
    const later = T0 + DAY;
    const slots = [];
    for (let i = 0; i < 5; i++) slots.push(slotOf(await reserveSendSlot(db, request(later))) - later);
    assert.deepEqual(slots, [0, 0, 0, 60_000, 120_000]);
  });

  it('never puts more than the caps into a rolling hour or day, whatever the burst and the order requests come in', async () => {
    const caps = { hourlyCap: 4, dailyCap: 20 };
    const { request, db } = await pacedAccount(caps, { minIntervalMs: 0, burst: 4 });
    // Bursts of requests on every sixth hour over four days, and stale ones (a retry of an old input).
    const times = Array.from({ length: 120 }, (_, i) => T0 + Math.floor(i / 8) * 6 * HOUR - (i % 5 === 0 ? 2 * HOUR : 0));
    const slots: number[] = [];
    for (const at of times) slots.push(slotOf(await reserveSendSlot(db, request(at))));
    assert.ok(busiestWindow(slots, HOUR) <= caps.hourlyCap, `an hour holds ${busiestWindow(slots, HOUR)}`);
    assert.ok(busiestWindow(slots, DAY) <= caps.dailyCap, `a day holds ${busiestWindow(slots, DAY)}`);
    assert.equal(busiestWindow(slots, HOUR), caps.hourlyCap, 'the burst is used');
  });

  it('gives a retried reservation its slot back, once, even when both attempts run at the same time', async () => {
    const { request, db } = await pacedAccount({ hourlyCap: 1000, dailyCap: 10_000 }, { minIntervalMs: 60_000, burst: 1 });
    slotOf(await reserveSendSlot(db, request(T0)));
    const key = unique('retried');
    const [a, b] = await Promise.all([reserveSendSlot(db, request(T0, key)), reserveSendSlot(db, request(T0, key))]);
    assert.equal(slotOf(a!), T0 + 60_000);
    assert.equal(slotOf(b!), T0 + 60_000);
    assert.equal(slotOf(await reserveSendSlot(db, request(T0 + 5_000, key))), T0 + 60_000, 'a later retry too');
    assert.equal((await db('events').where({ event_key: key })).length, 1);
    assert.equal(slotOf(await reserveSendSlot(db, request(T0))), T0 + 120_000, 'the timeline moved once for it');
  });

  it('reserves again on the new account when a send moves to another one, and only once there', async () => {
    const { request, db } = await pacedAccount({ hourlyCap: 1000, dailyCap: 10_000 }, { minIntervalMs: 60_000, burst: 1 });
    const other = await upsertSenderAccount(db, { channel: 'x', provider: 'sandbox', handle: unique('other'), hourlyCap: 1000, dailyCap: 10_000, minIntervalMs: 60_000, burst: 1 });
    slotOf(await reserveSendSlot(db, { ...request(T0), senderAccountId: other }));
    const moved = request(T0, unique('moved'));
    assert.equal(slotOf(await reserveSendSlot(db, moved)), T0);
    assert.equal(slotOf(await reserveSendSlot(db, { ...moved, senderAccountId: other })), T0 + 60_000, 'a slot of its own on the new account');
    assert.equal(slotOf(await reserveSendSlot(db, { ...moved, senderAccountId: other })), T0 + 60_000, 'retried: the same one');
    const reserved = await db('events').where('event_key', 'like', `${moved.eventKey}%`).orderBy('id').pluck('sender_account_id');
    assert.deepEqual(reserved, [moved.senderAccountId, other]);
  });

  it('keeps the rolling window as a backstop: reservations it did not space hold the slot until the window frees', async () => {
    const caps = { hourlyCap: 2, dailyCap: 48 };
    const { request, db } = await pacedAccount(caps, { minIntervalMs: 0, burst: 2 });
    // Two reservations of the rolling-window era, on the account's timeline before it was paced.
    for (const minutesAgo of [40, 10]) {
      await db('events').insert({ ...reservationRow(request(T0 - minutesAgo * 60_000)), type: 'send_reserved' });
    }
    const refused = await reserveSendSlot(db, request(T0));
    assert.deepEqual(refused, { granted: false, retryAt: new Date(T0 + 20 * 60_000), cap: 'hourly' });
    const tat = await db('sender_accounts').first('pacing_tat');
    assert.equal(tat?.pacing_tat, null, 'the refused attempt left the timeline as it was');
    assert.equal(slotOf(await reserveSendSlot(db, request(T0 + 20 * 60_000))), T0 + 20 * 60_000);
  });

  it('gives a released slot at the tail back to the next reservation, and keeps the slots still held spaced', async () => {
    const { request, db } = await pacedAccount({ hourlyCap: 1000, dailyCap: 10_000 }, { minIntervalMs: 60_000, burst: 1 });
    const [a, b, c] = [request(T0), request(T0), request(T0)];
    for (const r of [a, b, c]) slotOf(await reserveSendSlot(db, r));
    const minutes = async (r: SlotRequest) => (slotOf(await reserveSendSlot(db, r)) - T0) / 60_000;
    assert.equal(await releaseSendSlot(db, { ...b, at: new Date(T0) }), true);
    assert.equal(await releaseSendSlot(db, { ...b, at: new Date(T0) }), false, 'released once');
    const d = request(T0);
    assert.equal(await minutes(d), 3, 'a hole between held slots is not reused');
    await releaseSendSlot(db, { ...d, at: new Date(T0) });
    await releaseSendSlot(db, { ...c, at: new Date(T0) });
    assert.deepEqual([await minutes(request(T0)), await minutes(request(T0))], [1, 2], 'the tail after the last held slot is');
    const released = await db('events').where({ type: 'send_released' }).pluck('event_key');
    assert.deepEqual(released.sort(), [b, c, d].map((r) => `${r.eventKey}:released`).sort());
  });

  it('does not count a released reservation in the rolling window', async () => {
    const { request, db } = await pacedAccount({ hourlyCap: 1, dailyCap: 24 }, null);
    const first = request(T0);
    slotOf(await reserveSendSlot(db, first));
    const second = request(T0 + 60_000);
    assert.equal((await reserveSendSlot(db, second)).granted, false);
    await releaseSendSlot(db, { ...first, at: new Date(T0) });
    assert.equal(slotOf(await reserveSendSlot(db, second)), T0 + 60_000);
  });

  it('leaves an unpaced account at the journey time, under the caps', async () => {
    const { request, db } = await pacedAccount({ hourlyCap: 2, dailyCap: 48 }, null);
    assert.equal(slotOf(await reserveSendSlot(db, request(T0))), T0);
    assert.equal(slotOf(await reserveSendSlot(db, request(T0))), T0);
    assert.deepEqual(await reserveSendSlot(db, request(T0 + 60_000)), { granted: false, retryAt: new Date(T0 + HOUR), cap: 'hourly' });
  });
});

function reservationRow(r: SlotRequest) {
  return {
    event_key: r.eventKey,
    workflow_id: r.workflowId,
    sequence_version_id: r.sequenceVersionId,
    person_id: r.personId,
    node_id: r.nodeId,
    visit: r.visit,
    channel: r.channel,
    sender_account_id: r.senderAccountId,
    occurred_at: new Date(r.at),
  };
}
