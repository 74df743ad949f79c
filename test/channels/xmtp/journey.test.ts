import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { credentialSource } from '../../../src/channels/credentials';
import { channelRegistry } from '../../../src/channels/registry';
import { createXmtpAdapter, XMTP_PROVIDER } from '../../../src/channels/xmtp/adapter';
import { startJourneys } from '../../../src/client/start-journeys';
import { getEnrollment } from '../../../src/db/enrollments';
import { listEvents } from '../../../src/db/events';
import { upsertSenderAccount } from '../../../src/db/senderAccounts';
import { publishSequenceVersion } from '../../../src/db/sequences';
import { startDevServer } from '../../../src/temporal/dev-server';
import { createJourneyWorker } from '../../../src/worker/create-worker';
import { journeyWorkflowId } from '../../../workflows/contract';
import { isolatedDb } from '../../support/database';
import { FakeXmtpNetwork, SDK_ERRORS, sdkError } from '../../support/fakes/xmtp-sdk';
import { activityRuns, branchTriggers, compileSequence, createLead, eventsOf, uniqueName } from '../../support/journeys';
import { assertNoSecrets, captureOutput, type CapturedOutput } from '../../support/secrets';
import { wallet } from './helpers';

const TICK_MS = 1000;

const SEQUENCE = `
templates:
  hello:
    body: "gm {{ first_name }}, saw your wallet on Base"
  nudge:
    body: "Bumping this, {{ first_name }}"
nodes:
  - { id: hello, action: SEND_XMTP_DM, template: hello }
  - { id: nudge, action: SEND_XMTP_DM, template: nudge }
edges:
  - { from: hello, trigger: REPLIED }
  - { from: hello, to: nudge, trigger: NOT_REPLIED, within: 4s }
  - { from: nudge, trigger: END }
`;

describe('XMTP: a whole sequence on the Temporal dev server through the adapter', function () {
  this.timeout(180_000);
  let server: TestWorkflowEnvironment;
  let db: Knex;
  let output: CapturedOutput;

  before(async () => {
    [server, db] = await Promise.all([startDevServer(), isolatedDb()]);
  });
  after(async () => {
    await server?.teardown();
  });
  beforeEach(() => (output = captureOutput()));
  afterEach(() => output.stop());

  it('DMs each lead on XMTP and branches on their replies; a lead not on XMTP ends, a failed publish is not sent twice', async () => {
    const network = new FakeXmtpNetwork();
    const us = wallet();
    const dbKey = randomBytes(32).toString('hex');
    const senderId = await upsertSenderAccount(db, {
      channel: 'xmtp',
      provider: XMTP_PROVIDER,
      handle: us.address,
      hourlyCap: 1000,
      // Real time on the dev server: the whole test is one burst, not paced minutes apart like production.
      minIntervalMs: 0,
      burst: 1000,
      dailyCap: 10_000,
      status: 'active',
      settings: { env: 'production', dbPath: '/var/lib/outreach/xmtp' },
      credentialsRef: { walletKey: 'env:XMTP_WALLET_KEY', dbEncryptionKey: 'env:XMTP_DB_KEY' },
    });
    const adapter = createXmtpAdapter({
      credentials: credentialSource({ XMTP_WALLET_KEY: us.key, XMTP_DB_KEY: dbKey }),
      connect: network.connect,
    });

    const [rita, sam, tom, fay] = [wallet(), wallet(), wallet(), wallet()];
    network.autoReply(rita.address, { text: 'gm! what is this about?', afterMs: 1500 });
    network.register(sam.address);
    network.register(fay.address);
    network.failNext('publish', sdkError(SDK_ERRORS.unavailable), { peer: fay.address });
    const person = (firstName: string, address: string) => createLead(db, { person: { firstName, crypto: { chain: 'eth', address } } });
    const ids = {
      rita: await person('Rita', rita.address),
      sam: await person('Sam', sam.address),
      tom: await person('Tom', tom.address),
      fay: await person('Fay', fay.address),
    };

    const graph = compileSequence(SEQUENCE);
    await publishSequenceVersion(db, graph, SEQUENCE);
    const taskQueue = uniqueName('xmtp');
    const worker = await createJourneyWorker({
      connection: server.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: { db, channels: channelRegistry([adapter]), tickMs: TICK_MS },
    });
    const wf = (personId: string) => journeyWorkflowId(graph.name, personId);
    await worker.runUntil(async () => {
      const started = await startJourneys(server.client, db, { sequenceName: graph.name, personIds: Object.values(ids), taskQueue });
      assert.equal(started.started.length, 4);
      await Promise.all(Object.values(ids).map((id) => server.client.workflow.getHandle(wf(id)).result()));
    });

    const said = (w: { address: string }) => network.conversation(us.address, w.address).map((m) => m.content);
    assert.deepEqual(said(rita), ['gm Rita, saw your wallet on Base', 'gm! what is this about?']);
    assert.deepEqual(said(sam), ['gm Sam, saw your wallet on Base', 'Bumping this, Sam']);
    assert.deepEqual(said(tom), []);
    assert.deepEqual(said(fay), ['gm Fay, saw your wallet on Base', 'Bumping this, Fay']);

    const statuses = await Promise.all(Object.values(ids).map(async (id) => (await getEnrollment(db, wf(id)))?.status));
    assert.deepEqual(statuses, ['completed', 'completed', 'failed', 'completed']);
    assert.deepEqual(branchTriggers(await listEvents(db, wf(ids.rita))), ['REPLIED']);
    assert.deepEqual(branchTriggers(await listEvents(db, wf(ids.sam))), ['NOT_REPLIED']);
    assert.deepEqual(branchTriggers(await listEvents(db, wf(ids.fay))), ['NOT_REPLIED']);

    const ritaEvents = await listEvents(db, wf(ids.rita));
    const [ours, reply] = network.conversation(us.address, rita.address);
    assert.deepEqual(eventsOf(ritaEvents, 'action_sent').map((e) => [e.providerId, e.senderAccountId]), [[ours?.id, senderId]]);
    assert.deepEqual(eventsOf(ritaEvents, 'outcome_observed').map((e) => [e.detail.observation, e.providerId]), [['replied', reply?.id]]);
    const fayEvents = await listEvents(db, wf(ids.fay));
    assert.deepEqual(eventsOf(fayEvents, 'action_sent').map((e) => e.providerId), network.conversation(us.address, fay.address).map((m) => m.id));
    const fayHello = (await activityRuns(server.client.workflow.getHandle(wf(ids.fay)))).find((r) => r.name === 'sendAction');
    assert.equal(fayHello?.attempt, 2, 'the first attempt failed to publish and the second published the stored message');
    const tomEnrollment = await getEnrollment(db, wf(ids.tom));
    assert.match(tomEnrollment?.endReason ?? '', new RegExp(`RecipientUnreachable: sender account xmtp:${us.address}: lead ${ids.tom} is not on XMTP`));
    assert.deepEqual(eventsOf(await listEvents(db, wf(ids.tom)), 'action_sent'), []);
    assert.equal(network.connects.length, 1);

    const secrets = [us.key.slice(2), dbKey].flatMap((hex) => [hex, Buffer.from(hex, 'hex').toString('base64')]);
    await assertNoSecrets({ client: server.client, db, workflowIds: Object.values(ids).map(wf), secrets, logs: output.text() });
  });
});
