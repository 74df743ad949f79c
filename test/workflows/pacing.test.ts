import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { startJourneys } from '../../src/client/start-journeys';
import { listEvents } from '../../src/db/events';
import { listSandboxSends } from '../../src/db/sandbox';
import { setSenderAccountStatus, upsertSenderAccount } from '../../src/db/senderAccounts';
import { publishSequenceVersion } from '../../src/db/sequences';
import { spacingMs } from '../../src/senders/pacing';
import type { SequenceGraph } from '../../src/sequences/model';
import { cancelSignal, journeyStateQuery } from '../../workflows/contract';
import { tickAfter } from '../../workflows/ticks';
import { isolatedDb } from '../support/database';
import { startWorkerProcess } from '../support/worker-process';
import {
  DAY,
  HOUR,
  SIX_HOURS,
  compileSequence,
  createLead,
  eventually,
  journeyHandle,
  journeyWorker,
  resultsInTurn,
  skipTo,
  uniqueName,
  useJourneyHarness,
  type JourneyHarness,
} from '../support/journeys';

const ONE_DM = `
templates:
  hello: { body: "Hello {{ first_name }}" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
edges:
  - { from: dm, trigger: END }
`;

const TWO_DMS = `
templates:
  hello: { body: "Hello {{ first_name }}" }
  later: { body: "Later, {{ first_name }}" }
nodes:
  - { id: hello, action: SEND_TWITTER_DM, template: hello }
  - { id: later, action: SEND_TWITTER_DM, template: later }
edges:
  - { from: hello, to: later, trigger: NORMAL_EDGE }
  - { from: later, trigger: END }
`;

/** The most times in any half-open window of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while ((sorted[j] as number) - (sorted[i] as number) >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

async function published(db: Knex, yaml: string): Promise<SequenceGraph> {
  const graph = compileSequence(yaml);
  await publishSequenceVersion(db, graph, JSON.stringify(graph));
  return graph;
}

async function sendsFrom(db: Knex, accountId: string): Promise<number[]> {
  const rows = await db('events').where({ sender_account_id: accountId, type: 'action_sent' }).orderBy('occurred_at').pluck<Date[]>('occurred_at');
  return rows.map((d) => d.getTime());
}

describe('steady sends: pacing and sender assignment', function () {
  this.timeout(300_000);
  const shared = useJourneyHarness();

  /** A database of its own (its accounts are the only ones its journeys can be given). */
  async function harness(): Promise<JourneyHarness> {
    return { env: shared.env, db: await isolatedDb() };
  }

  it('spaces the sends of many journeys on two worker processes evenly, and no rolling hour or day goes over the caps', async () => {
    const h = await harness();
    const caps = { hourlyCap: 3, dailyCap: 60 };
    const pacing = { minIntervalMs: 0, burst: 2 };
    const accountId = await upsertSenderAccount(h.db, { channel: 'x', provider: 'sandbox', handle: 'paced', ...caps, ...pacing, status: 'active' });
    const spacing = spacingMs(caps, pacing);
    assert.equal(spacing, 30 * 60_000);
    const graph = await published(h.db, ONE_DM);
    const personIds: string[] = [];
    for (let i = 0; i < 24; i++) personIds.push(await createLead(h.db, { person: { firstName: `Lead${i}` } }));

    const taskQueue = uniqueName('q');
    const other = await startWorkerProcess({ address: h.env.address, taskQueue, db: h.db });
    const worker = await journeyWorker(h, taskQueue);
    const states = await worker
      .runUntil(async () => {
        await startJourneys(h.env.client, h.db, { sequenceName: graph.name, personIds, taskQueue });
        return resultsInTurn(personIds.map((id) => journeyHandle(h, graph.name, id)));
      })
      .finally(() => other.stop());
    const identities = new Set<string>();
    for (const id of personIds) {
      const history = await journeyHandle(h, graph.name, id).fetchHistory();
      for (const e of history.events ?? []) {
        const identity = e.activityTaskStartedEventAttributes?.identity ?? e.workflowTaskStartedEventAttributes?.identity;
        if (identity) identities.add(identity);
      }
    }
    assert.equal(identities.size, 2, `both workers ran the journeys' tasks: ${[...identities].join(', ')}`);

    assert.deepEqual(states.map((s) => s.status), personIds.map(() => 'completed'));
    const sent = await sendsFrom(h.db, accountId);
    assert.equal(sent.length, personIds.length);
    assert.ok(busiestWindow(sent, HOUR) <= caps.hourlyCap, `an hour holds ${busiestWindow(sent, HOUR)} sends`);
    assert.ok(busiestWindow(sent, DAY) <= caps.dailyCap, `a day holds ${busiestWindow(sent, DAY)} sends`);
    const first = sent[0] as number;
    assert.equal(first % SIX_HOURS, 0, 'the burst goes on the tick');
    assert.deepEqual(
      sent.map((t) => (t - first) / spacing),
      [0, 0, ...Array.from({ length: personIds.length - 2 }, (_, i) => i + 1)],
      'after the burst, one send every spacing',
    );
    const paced = states.filter((s) => s.history.some((step) => step.what === 'send paced'));
    assert.equal(paced.length, personIds.length - 2, 'every journey after the burst slept to its slot');
  });

  it('gives the slots of journeys cancelled while they slept to them back to the account', async () => {
    const h = await harness();
    // One send every 4 hours: three journeys due on one tick take it, +4h and +8h.
    const caps = { hourlyCap: 1, dailyCap: 6 };
    const accountId = await upsertSenderAccount(h.db, { channel: 'x', provider: 'sandbox', handle: 'slow', ...caps, minIntervalMs: 0, burst: 1, status: 'active' });
    const graph = await published(h.db, ONE_DM);
    const personIds = [await createLead(h.db), await createLead(h.db), await createLead(h.db)];
    const later = await createLead(h.db);
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    const states = await worker.runUntil(async () => {
      const tick = tickAfter(await h.env.currentTimeMs(), SIX_HOURS);
      await startJourneys(h.env.client, h.db, { sequenceName: graph.name, personIds, taskQueue });
      await skipTo(h.env, tick + 60_000);
      await eventually('the first send', async () => (await sendsFrom(h.db, accountId)).length === 1);
      for (const id of personIds) {
        const handle = journeyHandle(h, graph.name, id);
        const state = await handle.query(journeyStateQuery);
        if (state.history.some((step) => step.what === 'send paced')) await handle.signal(cancelSignal, 'changed our mind');
      }
      // Started before any result is awaited: with no timer left, the test server's clock would leap ahead.
      await eventually('the releases', async () => (await h.db('events').where({ sender_account_id: accountId, type: 'send_released' })).length === 2);
      await startJourneys(h.env.client, h.db, { sequenceName: graph.name, personIds: [later], taskQueue });
      return resultsInTurn([...personIds, later].map((id) => journeyHandle(h, graph.name, id)));
    });
    assert.deepEqual(states.map((s) => s.status).sort(), ['cancelled', 'cancelled', 'completed', 'completed']);
    const sent = await sendsFrom(h.db, accountId);
    assert.equal(sent.length, 2);
    assert.equal(sent[1]! - sent[0]!, SIX_HOURS, 'the later journey sent on its own tick, not after the cancelled slots');
    assert.equal((await h.db('events').where({ sender_account_id: accountId, type: 'send_released' })).length, 2);
  });

  it('keeps the journeys of a paused account waiting and sends nothing until it is resumed', async () => {
    const h = await harness();
    const accountId = await upsertSenderAccount(h.db, { channel: 'x', provider: 'sandbox', handle: 'held', hourlyCap: 10, dailyCap: 100, status: 'active' });
    await upsertSenderAccount(h.db, { channel: 'x', provider: 'sandbox', handle: 'spare', hourlyCap: 10, dailyCap: 100, status: 'active' });
    const graph = await published(h.db, TWO_DMS);
    const personId = await createLead(h.db);
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    const state = await worker.runUntil(async () => {
      await startJourneys(h.env.client, h.db, { sequenceName: graph.name, personIds: [personId], taskQueue });
      const handle = journeyHandle(h, graph.name, personId);
      await h.env.sleep(SIX_HOURS);
      await eventually('the first DM', async () => (await listSandboxSends(h.db, personId)).length === 1);
      await setSenderAccountStatus(h.db, accountId, 'paused', 'warming up');
      await h.env.sleep(2 * DAY);
      const waiting = await handle.query(journeyStateQuery);
      assert.equal(waiting.status, 'waiting');
      assert.ok(waiting.history.some((s) => s.detail?.includes('sender account x:held is paused: warming up')), JSON.stringify(waiting.history));
      assert.equal((await listSandboxSends(h.db, personId)).length, 1, 'nothing sent while paused, not even from the spare account');
      await setSenderAccountStatus(h.db, accountId, 'active', null);
      return handle.result();
    });
    assert.equal(state.status, 'completed');
    const sends = await listSandboxSends(h.db, personId);
    assert.deepEqual(sends.map((s) => s.senderAccountId), [accountId, accountId]);
  });

  it('moves the people of a disabled account to another on their next send, and logs the move', async () => {
    const h = await harness();
    const account = (handle: string) => upsertSenderAccount(h.db, { channel: 'x', provider: 'sandbox', handle, hourlyCap: 10, dailyCap: 100, status: 'active' });
    const [first, second] = [await account('first'), await account('second')];
    const graph = await published(h.db, TWO_DMS);
    const personId = await createLead(h.db);
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    const state = await worker.runUntil(async () => {
      await startJourneys(h.env.client, h.db, { sequenceName: graph.name, personIds: [personId], taskQueue });
      await h.env.sleep(SIX_HOURS);
      await eventually('the first DM', async () => (await listSandboxSends(h.db, personId)).length === 1);
      await setSenderAccountStatus(h.db, first, 'disabled', 'token revoked');
      return journeyHandle(h, graph.name, personId).result();
    });
    assert.equal(state.status, 'completed');
    const sends = await listSandboxSends(h.db, personId);
    assert.deepEqual(sends.map((s) => s.senderAccountId), [first, second]);
    const events = await listEvents(h.db, `journey-${graph.name}-${personId}`);
    const moved = events.filter((e) => e.type === 'sender_reassigned');
    assert.equal(moved.length, 1);
    assert.equal(moved[0]!.senderAccountId, second);
    assert.deepEqual(moved[0]!.detail, { from: first, to: 'x:second', reason: 'sender account x:first is disabled: token revoked' });
    assert.equal(moved[0]!.nodeId, 'later');
    const row = await h.db('sender_assignments').where({ person_id: personId, channel: 'x' }).first();
    assert.equal(row?.sender_account_id, second);
  });

  it('gives each person the same account in every sequence, spreading people over the active accounts', async () => {
    const h = await harness();
    const account = (handle: string) => upsertSenderAccount(h.db, { channel: 'x', provider: 'sandbox', handle, hourlyCap: 10, dailyCap: 100, status: 'active' });
    const accounts = [await account('one'), await account('two')];
    const [launch, followUp] = [await published(h.db, ONE_DM), await published(h.db, ONE_DM)];
    const personIds: string[] = [];
    for (let i = 0; i < 4; i++) personIds.push(await createLead(h.db));
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    await worker.runUntil(async () => {
      // One after another, so that each first send sees the assignments before it.
      for (const personId of personIds) {
        await startJourneys(h.env.client, h.db, { sequenceName: launch.name, personIds: [personId], taskQueue });
        await journeyHandle(h, launch.name, personId).result();
      }
      await startJourneys(h.env.client, h.db, { sequenceName: followUp.name, personIds, taskQueue });
      await resultsInTurn(personIds.map((id) => journeyHandle(h, followUp.name, id)));
    });
    const senders = await Promise.all(personIds.map(async (id) => (await listSandboxSends(h.db, id)).map((s) => s.senderAccountId)));
    assert.deepEqual(senders, [
      [accounts[0], accounts[0]],
      [accounts[1], accounts[1]],
      [accounts[0], accounts[0]],
      [accounts[1], accounts[1]],
    ]);
  });
});
