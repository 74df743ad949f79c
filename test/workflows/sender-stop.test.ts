import assert from 'node:assert/strict';
import { startJourneys } from '../../src/client/start-journeys';
import { migrateToLatest } from '../../src/db/knex';
import { listSandboxSends } from '../../src/db/sandbox';
import { getSenderAccount, setSenderAccountStatus, upsertSenderAccount, type SenderAccount } from '../../src/db/senderAccounts';
import { publishSequenceVersion } from '../../src/db/sequences';
import { journeyStateQuery } from '../../workflows/contract';
import { scratchDb } from '../support/database';
import {
  DAY,
  SIX_HOURS,
  branchTriggers,
  compileSequence,
  createLead,
  journeyHandle,
  journeyWorker,
  uniqueName,
  useJourneyHarness,
  type JourneyHarness,
} from '../support/journeys';
import { listEvents } from '../../src/db/events';

function dmThenWait() {
  return compileSequence(`
templates:
  hello: { body: "Hello {{ first_name }}" }
  nudge: { body: "Any thoughts?" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
  - { id: nudge, action: SEND_TWITTER_DM, template: nudge }
edges:
  - { from: dm, trigger: REPLIED, within: 2d }
  - { from: dm, to: nudge, trigger: NOT_REPLIED }
  - { from: nudge, trigger: END }
`);
}

describe('a sender account the provider refuses', function () {
  this.timeout(90_000);
  const shared = useJourneyHarness();

  /** A scratch database whose only X account is the one under test, and the alerts it raised. */
  async function oneAccount() {
    const db = await scratchDb();
    await migrateToLatest(db);
    const accountId = await upsertSenderAccount(db, { channel: 'x', provider: 'sandbox', handle: 'alice', hourlyCap: 10, dailyCap: 50 });
    const alerts: { account: SenderAccount; reason: string }[] = [];
    const h: JourneyHarness = { env: shared.env, db, alertSenderStopped: (account, reason) => void alerts.push({ account, reason }) };
    const graph = dmThenWait();
    await publishSequenceVersion(db, graph, JSON.stringify(graph));
    return { h, db, accountId, alerts, graph };
  }

  it('stops the account, alerts once, and keeps its journeys waiting (not failed) until an operator resumes it', async () => {
    const { h, db, accountId, alerts, graph } = await oneAccount();
    const refused = await createLead(db, { script: { repliesAfter: '1h', failures: { SEND_TWITTER_DM: { senderRefused: 'token revoked' } } } });
    const other = await createLead(db, { script: { repliesAfter: '1h' } });
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    const [first, second] = await worker.runUntil(async () => {
      await startJourneys(h.env.client, db, { sequenceName: graph.name, personIds: [refused], taskQueue });
      const handle = journeyHandle(h, graph.name, refused);
      await h.env.sleep(3 * DAY);

      const waiting = await handle.query(journeyStateQuery);
      assert.equal(waiting.status, 'waiting');
      assert.ok(waiting.history.some((s) => s.detail?.includes('SenderAccountUnavailable: sandbox: token revoked')), JSON.stringify(waiting.history));
      const account = await getSenderAccount(db, accountId);
      assert.equal(account?.status, 'disabled');
      assert.equal(account?.statusReason, 'sandbox: token revoked');
      assert.deepEqual(alerts.map((a) => [a.account.handle, a.reason]), [['alice', 'sandbox: token revoked']]);
      assert.equal((await listSandboxSends(db, refused)).length, 0);

      // A journey enrolled while the account is stopped waits too, and raises no second alert.
      await startJourneys(h.env.client, db, { sequenceName: graph.name, personIds: [other], taskQueue });
      await h.env.sleep(DAY);
      assert.equal((await journeyHandle(h, graph.name, other).query(journeyStateQuery)).status, 'waiting');

      await setSenderAccountStatus(db, accountId, 'active', null);
      return [await handle.result(), await journeyHandle(h, graph.name, other).result()];
    });

    assert.equal(first?.status, 'completed');
    assert.equal(second?.status, 'completed');
    assert.equal(alerts.length, 1);
    for (const personId of [refused, other]) {
      const sends = await listSandboxSends(db, personId);
      assert.deepEqual(sends.map((s) => s.action), ['SEND_TWITTER_DM']);
      assert.equal(sends[0]!.sentAt.getTime() % SIX_HOURS, 0, 'sent on a tick boundary after the resume');
    }
  });

  it('does not let a reply window close while the account is stopped: the reply that came meanwhile is still seen', async () => {
    const { h, db, accountId, graph } = await oneAccount();
    const personId = await createLead(db, { script: { repliesAfter: '1d' } });
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    const state = await worker.runUntil(async () => {
      await startJourneys(h.env.client, db, { sequenceName: graph.name, personIds: [personId], taskQueue });
      const handle = journeyHandle(h, graph.name, personId);
      await h.env.sleep(SIX_HOURS);
      assert.equal((await listSandboxSends(db, personId)).length, 1);
      await setSenderAccountStatus(db, accountId, 'disabled', 'suspended by the provider');
      await h.env.sleep(5 * DAY);
      const waiting = await handle.query(journeyStateQuery);
      assert.equal(waiting.status, 'waiting');
      assert.equal(waiting.nodeId, 'dm');
      await setSenderAccountStatus(db, accountId, 'active', null);
      return handle.result();
    });
    assert.equal(state.status, 'completed');
    assert.deepEqual(branchTriggers(await listEvents(db, journeyHandle(h, graph.name, personId).workflowId)), ['REPLIED']);
    assert.deepEqual((await listSandboxSends(db, personId)).map((s) => s.action), ['SEND_TWITTER_DM']);
  });
});
