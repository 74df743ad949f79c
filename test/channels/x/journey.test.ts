import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { credentialSource } from '../../../src/channels/credentials';
import { channelRegistry } from '../../../src/channels/registry';
import { createXAdapter, X_PROVIDER } from '../../../src/channels/x/adapter';
import { startJourneys } from '../../../src/client/start-journeys';
import { getEnrollment } from '../../../src/db/enrollments';
import { listEvents } from '../../../src/db/events';
import { upsertSenderAccount } from '../../../src/db/senderAccounts';
import { publishSequenceVersion } from '../../../src/db/sequences';
import { startDevServer } from '../../../src/temporal/dev-server';
import { createJourneyWorker } from '../../../src/worker/create-worker';
import { journeyWorkflowId } from '../../../workflows/contract';
import { isolatedDb } from '../../support/database';
import { FakeXApi } from '../../support/fakes/x-api';
import { compileSequence, createLead, uniqueName } from '../../support/journeys';
import { assertNoSecrets, captureOutput, distinctSecret, type CapturedOutput } from '../../support/secrets';
import { nextUserId } from './support';

const TICK_MS = 1000;

const SEQUENCE = `
templates:
  hello:
    variants:
      - { id: a, weight: 100, body: "Hi {{ first_name }}, shall we talk?" }
nodes:
  - { id: follow, action: FOLLOW_ON_TWITTER }
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
  - { id: unfollow, action: UNFOLLOW_ON_TWITTER }
edges:
  - { from: follow, to: dm, trigger: FOLLOWED_BACK, within: 4s }
  - { from: follow, to: unfollow, trigger: NOT_FOLLOWED_BACK }
  - { from: dm, trigger: REPLIED, within: 4s }
  - { from: dm, trigger: NOT_REPLIED }
  - { from: unfollow, trigger: END }
`;

const ENV = {
  X_APP_KEY: distinctSecret('x-app-key'),
  X_APP_SECRET: distinctSecret('x-app'),
  X_ALICE_TOKEN: distinctSecret('x-alice-token'),
  X_ALICE_SECRET: distinctSecret('x-alice'),
};

describe('an X sequence on the Temporal dev server, through the X adapter and a fake X API', function () {
  this.timeout(180_000);
  let server: TestWorkflowEnvironment;
  let db: Knex;
  let fake: FakeXApi;
  let output: CapturedOutput;

  before(async () => {
    [server, db, fake] = await Promise.all([startDevServer(), isolatedDb(), FakeXApi.start()]);
  });
  after(async () => {
    await fake?.close();
    await server?.teardown();
  });
  beforeEach(() => (output = captureOutput()));
  afterEach(() => output.stop());

  it('follows, DMs the leads who follow back, unfollows the others, sees the reply, and stops for a handle X does not know', async () => {
    const alice = fake.addUser({ id: nextUserId(), username: 'alice_outreach' });
    fake.grant(ENV.X_ALICE_TOKEN, alice.id);
    await upsertSenderAccount(db, {
      channel: 'x',
      provider: X_PROVIDER,
      handle: 'alice_outreach',
      hourlyCap: 60,
      // Real time on the dev server: the whole test is one burst, not paced minutes apart like production.
      minIntervalMs: 0,
      burst: 60,
      dailyCap: 500,
      settings: {},
      credentialsRef: { appKey: 'env:X_APP_KEY', appSecret: 'env:X_APP_SECRET', accessToken: 'env:X_ALICE_TOKEN', accessSecret: 'env:X_ALICE_SECRET' },
    });

    const onX = (name: string) => fake.addUser({ id: nextUserId(), username: uniqueName(name).replace('-', '_') });
    const [rita, sam, tom] = [onX('rita'), onX('sam'), onX('tom')];
    const followsBack = new Set([rita.id, sam.id]);
    fake.onAnswered((request) => {
      const target = (request.body as { target_user_id?: string } | undefined)?.target_user_id;
      if (request.method === 'POST' && target && followsBack.has(target)) fake.follow(target, alice.id);
      if (request.method === 'POST' && request.path === `/2/dm_conversations/with/${rita.id}/messages`) fake.dm(rita.id, alice.id, 'Yes, happy to!');
    });

    const replier = await createLead(db, { person: { firstName: 'Rita', xHandle: rita.username } });
    const silent = await createLead(db, { person: { firstName: 'Sam', xHandle: sam.username } });
    const stranger = await createLead(db, { person: { firstName: 'Tom', xHandle: tom.username } });
    const ghost = await createLead(db, { person: { firstName: 'Gus', xHandle: uniqueName('gone').replace('-', '_') } });
    const people = [replier, silent, stranger, ghost];

    const graph = compileSequence(SEQUENCE);
    await publishSequenceVersion(db, graph, SEQUENCE);
    const taskQueue = uniqueName('x-journeys');
    const adapter = createXAdapter({ credentials: credentialSource(ENV), db, apiRoot: fake.url });
    const worker = await createJourneyWorker({
      connection: server.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: { db, channels: channelRegistry([adapter]), tickMs: TICK_MS },
    });

    await worker.runUntil(async () => {
      const started = await startJourneys(server.client, db, { sequenceName: graph.name, personIds: people, taskQueue });
      assert.equal(started.started.length, 4);
      await Promise.all(people.map((id) => server.client.workflow.getHandle(journeyWorkflowId(graph.name, id)).result()));
    });

    const wf = (personId: string) => journeyWorkflowId(graph.name, personId);
    const status = async (personId: string) => (await getEnrollment(db, wf(personId)))?.status;
    assert.deepEqual(await Promise.all(people.map(status)), ['completed', 'completed', 'completed', 'failed']);

    const triggers = async (personId: string) =>
      (await listEvents(db, wf(personId))).filter((e) => e.type === 'branch_taken').map((e) => e.detail.trigger);
    assert.deepEqual(await triggers(replier), ['FOLLOWED_BACK', 'REPLIED']);
    assert.deepEqual(await triggers(silent), ['FOLLOWED_BACK', 'NOT_REPLIED']);
    assert.deepEqual(await triggers(stranger), ['NOT_FOLLOWED_BACK']);
    const failed = (await listEvents(db, wf(ghost))).find((e) => e.type === 'action_failed');
    assert.match(String(failed?.detail.reason), /names no active account/);

    const followed = fake.requestsTo('POST', /\/following$/).map((r) => (r.body as { target_user_id: string }).target_user_id);
    assert.deepEqual(followed.sort(), [rita.id, sam.id, tom.id].sort());
    assert.deepEqual(fake.requestsTo('DELETE', /\/following\//).map((r) => r.path), [`/2/users/${alice.id}/following/${tom.id}`]);
    assert.deepEqual(fake.dmsBetween(alice.id, sam.id).map((e) => e.text), ['Hi Sam, shall we talk?']);
    assert.deepEqual(fake.dmsBetween(alice.id, rita.id).map((e) => [e.sender_id, e.text]), [
      [alice.id, 'Hi Rita, shall we talk?'],
      [rita.id, 'Yes, happy to!'],
    ]);
    assert.equal(fake.requestsTo('GET', /^\/2\/users\/me$/).length, 1, 'the sender id is looked up once');
    assert.ok(fake.requests.every((r) => r.auth === 'oauth1'));

    const ids = await db('x_profiles').whereIn('person_id', [replier, silent, stranger]).orderBy('person_id').pluck('x_user_id');
    assert.deepEqual(ids, [rita.id, sam.id, tom.id], 'each resolved handle is kept in the identity graph');
    assert.equal(fake.requestsTo('GET', /^\/2\/users\/by\/username\//).length, 4, 'each handle is looked up once');

    const observed = (await listEvents(db, wf(replier))).filter((e) => e.type === 'outcome_observed');
    assert.deepEqual(observed.map((e) => e.detail.observation), ['followed_back', 'replied']);

    await assertNoSecrets({ client: server.client, db, workflowIds: people.map(wf), secrets: Object.values(ENV), logs: output.text() });
  });
});
