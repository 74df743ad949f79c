import assert from 'node:assert/strict';
import { startJourneys } from '../../src/client/start-journeys';
import { listSandboxSends, type SandboxSend } from '../../src/db/sandbox';
import { journeyStateQuery } from '../../workflows/contract';
import { upsertSenderAccount } from '../../src/db/senderAccounts';
import { publishSequenceVersion } from '../../src/db/sequences';
import { migrateToLatest } from '../../src/db/knex';
import { scratchDb } from '../support/database';
import {
  DAY,
  HOUR,
  SIX_HOURS,
  compileSequence,
  createLead,
  eventsOf,
  journeyHandle,
  journeyRecords,
  journeyWorker,
  resultsInTurn,
  uniqueName,
  useJourneyHarness,
  type JourneyHarness,
} from '../support/journeys';

function oneDm() {
  return compileSequence(`
templates:
  hello: { body: "Hello {{ first_name }}" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
edges:
  - { from: dm, trigger: END }
`);
}

/** At most `cap` sends in any window of `windowMs`: every send and the cap-th after it are a window apart. */
function assertAtMost(cap: number, windowMs: number, sends: SandboxSend[]): void {
  const times = sends.map((s) => s.sentAt.getTime()).sort((a, b) => a - b);
  for (let i = 0; i + cap < times.length; i++) {
    assert.ok(times[i + cap]! - times[i]! >= windowMs, `more than ${cap} sends within ${windowMs} ms: ${times.map((t) => new Date(t).toISOString())}`);
  }
}

describe('sender caps', function () {
  this.timeout(90_000);
  const shared = useJourneyHarness();

  /**
   * Caps are per sender account, and every test file's journeys share the sandbox accounts of the shared
   * database; so each test here gets a scratch database whose only X account is the capped one.
   */
  async function cappedX(caps: { hourlyCap: number; dailyCap: number }, tickMs?: number) {
    const db = await scratchDb();
    await migrateToLatest(db);
    const accountId = await upsertSenderAccount(db, { channel: 'x', provider: 'sandbox', handle: 'capped-x', ...caps, status: 'active' });
    const h: JourneyHarness = { env: shared.env, db, ...(tickMs === undefined ? {} : { tickMs }) };
    return { h, accountId };
  }

  /** Enrols the leads at once and runs every journey to its end. */
  async function runTogether(h: JourneyHarness, leads: number) {
    const graph = oneDm();
    await publishSequenceVersion(h.db, graph, JSON.stringify(graph));
    const personIds: string[] = [];
    for (let i = 0; i < leads; i++) personIds.push(await createLead(h.db, { person: { firstName: `Lead${i}` } }));
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    const states = await worker.runUntil(async () => {
      await startJourneys(h.env.client, h.db, { sequenceName: graph.name, personIds, taskQueue });
      return resultsInTurn(personIds.map((id) => journeyHandle(h, graph.name, id)));
    });
    const records = await Promise.all(personIds.map((id) => journeyRecords(h.db, graph.name, id)));
    const sends = (await Promise.all(personIds.map((id) => listSandboxSends(h.db, id)))).flat();
    return { states, records, sends: sends.sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime()) };
  }

  it('holds the second of two leads until the hour has passed and sends it as soon as the slot frees', async () => {
    const { h, accountId } = await cappedX({ hourlyCap: 1, dailyCap: 24 });
    const { states, records, sends } = await runTogether(h, 2);

    assert.ok(states.every((s) => s.status === 'completed'));
    assert.equal(sends.length, 2);
    assert.ok(sends.every((s) => s.senderAccountId === accountId));
    const [first, second] = sends.map((s) => s.sentAt.getTime());
    assert.equal(first! % SIX_HOURS, 0);
    assert.ok(second! - first! >= HOUR, 'the second send waited out the hour');
    assert.equal(second, first! + HOUR);
    assertAtMost(1, HOUR, sends);

    const held = states.find((s) => s.history.some((step) => step.detail?.startsWith('hourly cap reached')));
    assert.ok(held, 'one journey recorded that it waited for the hourly cap');
    const reserved = records.flatMap((r) => eventsOf(r.events, 'send_reserved')).map((e) => e.occurredAt.getTime());
    assert.deepEqual(reserved.sort(), [first, second]);
  });

  it('with an hourly tick, sends three leads exactly an hour apart and never two within an hour', async () => {
    const { h } = await cappedX({ hourlyCap: 1, dailyCap: 24 }, HOUR);
    const { states, sends } = await runTogether(h, 3);
    assert.ok(states.every((s) => s.status === 'completed'));
    const t = sends[0]!.sentAt.getTime();
    assert.deepEqual(sends.map((s) => (s.sentAt.getTime() - t) / HOUR), [0, 1, 2]);
    assertAtMost(1, HOUR, sends);
  });

  it('holds a lead over the daily cap until a day after the oldest send it counted', async () => {
    const { h } = await cappedX({ hourlyCap: 2, dailyCap: 2 }, HOUR);
    const { states, sends } = await runTogether(h, 3);
    assert.ok(states.every((s) => s.status === 'completed'));
    const t = sends[0]!.sentAt.getTime();
    assert.deepEqual(sends.map((s) => (s.sentAt.getTime() - t) / HOUR), [0, 0, 24]);
    assertAtMost(2, DAY, sends);
    const held = states.find((s) => s.history.some((step) => step.detail?.startsWith('daily cap reached')));
    assert.ok(held, 'one journey recorded that it waited for the daily cap');
  });

  it('keeps a journey waiting, tick by tick, while its channel has no sender account, and sends once one exists', async () => {
    const db = await scratchDb();
    await migrateToLatest(db);
    const h: JourneyHarness = { env: shared.env, db };
    const graph = oneDm();
    await publishSequenceVersion(db, graph, JSON.stringify(graph));
    const personId = await createLead(db);
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    const state = await worker.runUntil(async () => {
      await startJourneys(h.env.client, db, { sequenceName: graph.name, personIds: [personId], taskQueue });
      const handle = journeyHandle(h, graph.name, personId);
      await h.env.sleep(DAY);
      const waiting = await handle.query(journeyStateQuery);
      assert.equal(waiting.status, 'waiting');
      assert.ok(waiting.history.some((s) => s.detail?.startsWith('NoSenderAccount: no active sender account for channel "x"')));
      assert.equal(await listSandboxSends(db, personId).then((rows) => rows.length), 0);
      await upsertSenderAccount(db, { channel: 'x', provider: 'sandbox', handle: 'late-x', hourlyCap: 10, dailyCap: 10, status: 'active' });
      return handle.result();
    });
    assert.equal(state.status, 'completed');
    const [send] = await listSandboxSends(db, personId);
    assert.equal(send!.sentAt.getTime() % SIX_HOURS, 0);
  });
});
