import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { channelRegistry } from '../../src/channels/registry';
import { sandboxAdapters, sandboxChannels } from '../../src/channels/sandbox';
import type { ChannelRegistry } from '../../src/channels/types';
import { startJourneys } from '../../src/client/start-journeys';
import { listSandboxSends } from '../../src/db/sandbox';
import { setSenderAccountStatus, upsertSenderAccount } from '../../src/db/senderAccounts';
import { publishSequenceVersion } from '../../src/db/sequences';
import { createJourneyWorker } from '../../src/worker/create-worker';
import { oneLineLogger } from '../../src/worker/log';
import { journeyWorkflowId } from '../../workflows/contract';
import { isolatedDb } from '../support/database';
import { DAY, SIX_HOURS, activityRuns, compileSequence, createLead, eventually, journeyHandle, uniqueName } from '../support/journeys';
import { journeyBundle, timeSkippingEnv } from '../support/temporal';

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

interface WaitLine {
  level: string;
  message: string;
  journeyId: string;
  waitingFor: string;
  reason: string;
  nodeId: string;
  channel: string;
  nextTry: string;
}

const ONE_DM = `
templates:
  hello: { body: "Hello {{ first_name }}" }
nodes:
  - { id: hello, action: SEND_TWITTER_DM, template: hello }
edges:
  - { from: hello, trigger: END }
`;

describe('a journey waiting for its sender account', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;

  /** Runs ONE_DM for a new lead on `channels`, with `fix` applied after a day of waiting; returns the wait lines. */
  async function waitThenFix(channels: (db: Knex) => ChannelRegistry, before: (db: Knex) => Promise<void>, fix: (db: Knex) => Promise<void>) {
    const db = await isolatedDb();
    const lines: string[] = [];
    const taskQueue = uniqueName('q');
    const worker = await createJourneyWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      deps: { db, channels: channels(db), tickMs: SIX_HOURS },
      workflowBundle: await journeyBundle(),
      logger: oneLineLogger('INFO', (line) => lines.push(line)),
    });
    const graph = compileSequence(ONE_DM);
    await publishSequenceVersion(db, graph, ONE_DM);
    await before(db);
    const personId = await createLead(db);
    const handle = journeyHandle({ env, db }, graph.name, personId);
    const state = await worker.runUntil(async () => {
      await startJourneys(env.client, db, { sequenceName: graph.name, personIds: [personId], taskQueue });
      await env.sleep(DAY);
      await fix(db);
      return handle.result();
    });
    return { state, sends: await listSandboxSends(db, personId), waits: lines.map((l) => JSON.parse(l) as WaitLine) };
  }

  before(async function () {
    this.timeout(120_000);
    env = await timeSkippingEnv();
  });
  after(async () => {
    await env?.teardown();
  });

  it('logs one structured line per try, no stack and no failed activity, while its account is missing and then paused', async () => {
    const db = await isolatedDb();
    const lines: string[] = [];
    const taskQueue = uniqueName('q');
    const worker = await createJourneyWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      deps: { db, channels: sandboxChannels(db), tickMs: SIX_HOURS },
      workflowBundle: await journeyBundle(),
      logger: oneLineLogger('INFO', (line) => lines.push(line)),
    });
    const graph = compileSequence(TWO_DMS);
    await publishSequenceVersion(db, graph, TWO_DMS);
    const personId = await createLead(db);
    const workflowId = journeyWorkflowId(graph.name, personId);
    const handle = journeyHandle({ env, db }, graph.name, personId);
    const accountHandle = uniqueName('x');

    const state = await worker.runUntil(async () => {
      await startJourneys(env.client, db, { sequenceName: graph.name, personIds: [personId], taskQueue });
      await env.sleep(DAY);
      const accountId = await upsertSenderAccount(db, { channel: 'x', provider: 'sandbox', handle: accountHandle, hourlyCap: 10, dailyCap: 10, status: 'active' });
      await env.sleep(SIX_HOURS);
      await eventually('the first DM', async () => (await listSandboxSends(db, personId)).length === 1);
      await setSenderAccountStatus(db, accountId, 'paused', 'holiday');
      await env.sleep(DAY);
      await setSenderAccountStatus(db, accountId, 'active', null);
      return handle.result();
    });
    assert.equal(state.status, 'completed');

    const waits = lines.map((line) => JSON.parse(line) as WaitLine).filter((l) => l.message === 'journey waiting');
    assert.equal(waits.length, lines.length, `only wait lines: ${lines.join('\n')}`);
    for (const line of lines) assert.doesNotMatch(line, /\n|"stack"/);
    const missing = waits.filter((w) => w.nodeId === 'hello');
    const paused = waits.filter((w) => w.nodeId === 'later');
    assert.ok(missing.length >= 4, `a day of 6-hour ticks waiting for an account: ${missing.length}`);
    assert.ok(paused.length >= 4, `a day of 6-hour ticks waiting for the resume: ${paused.length}`);
    const expected = (nodeId: string, reason: string) => ({ level: 'WARN', message: 'journey waiting', journeyId: workflowId, waitingFor: 'sender account', reason, nodeId, channel: 'x' });
    const fields = ({ level, message, journeyId, waitingFor, reason, nodeId, channel }: WaitLine) => ({ level, message, journeyId, waitingFor, reason, nodeId, channel });
    for (const w of missing) assert.deepEqual(fields(w), expected('hello', 'NoSenderAccount: no active sender account for channel "x"'));
    for (const w of paused) assert.deepEqual(fields(w), expected('later', `SenderAccountUnavailable: sender account x:${accountHandle} is paused: holiday`));

    // One line per try: each next try is a tick boundary, logged once (replays of the history log nothing).
    const tries = waits.map((w) => Date.parse(w.nextTry));
    assert.equal(new Set(tries).size, tries.length);
    for (const t of tries) assert.equal(t % SIX_HOURS, 0);
    const steps = state.history.filter((s) => s.what === 'sender stopped' && s.detail?.includes('; next try at '));
    assert.deepEqual(steps.map((s) => s.detail!.split('; next try at ')[1]), waits.map((w) => w.nextTry));

    const slotRuns = (await activityRuns(handle)).filter((a) => a.name === 'takeSendSlot');
    assert.equal(slotRuns.length, waits.length + 2);
    assert.ok(slotRuns.every((a) => a.outcome === 'completed' && a.attempt === 1), 'no takeSendSlot failed or was retried');
  });

  it('waits, with one line per try, while the worker has no adapter for the channel', async () => {
    let withX = false;
    const { state, sends, waits } = await waitThenFix(
      (db) => {
        const all = sandboxChannels(db);
        const withoutX = channelRegistry(sandboxAdapters(db).filter((a) => a.channel !== 'x'));
        const now = () => (withX ? all : withoutX);
        return { hasChannel: (channel) => now().hasChannel(channel), adapterFor: (channel, sender) => now().adapterFor(channel, sender) };
      },
      (db) => upsertSenderAccount(db, { channel: 'x', provider: 'sandbox', handle: uniqueName('x'), hourlyCap: 10, dailyCap: 10, status: 'active' }).then(() => {}),
      async () => {
        withX = true;
      },
    );
    assert.equal(state.status, 'completed');
    assert.equal(sends.length, 1);
    assert.ok(waits.length >= 4);
    for (const w of waits) assert.equal(w.reason, 'NoSenderAccount: no adapter is configured for channel "x"');
  });

  it('waits, instead of failing the lead, when the account names a provider this worker does not run', async () => {
    const account = uniqueName('x');
    const { state, sends, waits } = await waitThenFix(
      (db) => channelRegistry(sandboxAdapters(db).filter((a) => a.channel === 'x')),
      (db) => upsertSenderAccount(db, { channel: 'x', provider: 'x-api', handle: account, hourlyCap: 10, dailyCap: 10, status: 'active' }).then(() => {}),
      (db) => db('sender_accounts').where({ handle: account }).update({ provider: 'sandbox' }).then(() => {}),
    );
    assert.equal(state.status, 'completed');
    assert.equal(sends.length, 1);
    assert.ok(waits.length >= 4, `${waits.length} waits`);
    for (const w of waits) assert.equal(w.reason, `NoSenderAccount: sender account x:${account} names provider "x-api"; this worker runs sandbox`);
  });
});
