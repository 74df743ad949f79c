import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { credentialSource } from '../../../src/channels/credentials';
import { createLinkedInGatewayAdapter, LINKEDIN_GATEWAY_PROVIDER } from '../../../src/channels/linkedin/adapter';
import { channelRegistry } from '../../../src/channels/registry';
import { startJourneys } from '../../../src/client/start-journeys';
import { getEnrollment } from '../../../src/db/enrollments';
import { listEvents } from '../../../src/db/events';
import { upsertSenderAccount } from '../../../src/db/senderAccounts';
import { publishSequenceVersion } from '../../../src/db/sequences';
import { startDevServer } from '../../../src/temporal/dev-server';
import { createJourneyWorker } from '../../../src/worker/create-worker';
import { journeyWorkflowId } from '../../../workflows/contract';
import { isolatedDb } from '../../support/database';
import { FakeLinkedInGateway, type ProfileScript } from '../../support/fakes/linkedin-gateway';
import { compileSequence, createLead, uniqueName } from '../../support/journeys';
import { assertNoSecrets, captureOutput, distinctSecret, historyText, type CapturedOutput } from '../../support/secrets';

const TICK_MS = 1000;
const API_KEY = distinctSecret('linkedin-gateway-key');

const SEQUENCE = `
variables: [hook]
templates:
  note:
    body: "Hi {{ first_name }}, {{ hook | default: 'shall we connect?' }}"
  welcome:
    body: "Thanks for connecting, {{ first_name }}!"
nodes:
  - { id: connect, action: SEND_CONNECTION_REQUEST, template: note }
  - { id: welcome, action: SEND_LINKEDIN_DM, template: welcome }
edges:
  - { from: connect, trigger: REPLIED_TO_NOTE }
  - { from: connect, to: welcome, trigger: CONNECTION_ACCEPTED }
  - { from: connect, trigger: CONNECTION_NOT_ACCEPTED, within: 4s }
  - { from: welcome, trigger: REPLIED, within: 4s }
  - { from: welcome, trigger: NOT_REPLIED }
`;

describe('a LinkedIn sequence on the Temporal dev server, through the gateway adapter and a fake gateway', function () {
  this.timeout(180_000);
  let server: TestWorkflowEnvironment;
  let db: Knex;
  let gateway: FakeLinkedInGateway;
  let output: CapturedOutput;

  before(async () => {
    [server, db, gateway] = await Promise.all([startDevServer(), isolatedDb(), FakeLinkedInGateway.start()]);
  });
  after(async () => {
    await gateway?.close();
    await server?.teardown();
  });
  beforeEach(() => (output = captureOutput()));
  afterEach(() => output.stop());

  it('invites, welcomes who accepts, ends on a reply to the note or an ignored invitation, and fails leads it cannot invite', async () => {
    gateway.addAccount('alice', API_KEY);
    await upsertSenderAccount(db, {
      channel: 'linkedin',
      provider: LINKEDIN_GATEWAY_PROVIDER,
      handle: 'alice-li',
      hourlyCap: 20,
      // Real time on the dev server: the whole test is one burst, not paced minutes apart like production.
      minIntervalMs: 0,
      burst: 20,
      dailyCap: 100,
      settings: { gatewayUrl: gateway.url, gatewayAccount: 'alice', noteLimit: 300 },
      credentialsRef: { apiKey: 'env:LI_GATEWAY_ALICE' },
    });

    const lead = async (firstName: string, script: ProfileScript, attributes: Record<string, string> = {}) => {
      const linkedinUrl = `https://www.linkedin.com/in/${uniqueName(firstName.toLowerCase())}`;
      gateway.profile(linkedinUrl, script);
      return { url: linkedinUrl, id: await createLead(db, { person: { firstName, linkedinUrl, attributes } }) };
    };
    const rita = await lead('Rita', { acceptsAfterMs: 1500, repliesAfterMs: 1000, seesAfterMs: 500 });
    const sam = await lead('Sam', { acceptsAfterMs: 1000 });
    const nora = await lead('Nora', { repliesToNoteAfterMs: 1000 });
    const ivan = await lead('Ivan', {});
    const gus = await lead('Gus', { missing: true });
    const lena = await lead('Lena', {}, { hook: 'I would love to tell you everything about us. '.repeat(8) });
    const people = [rita, sam, nora, ivan, gus, lena];
    gateway.failNext({ method: 'POST', path: '/invitations', status: 429, code: 'rate_limited', retryAfter: '1' });

    const graph = compileSequence(SEQUENCE);
    await publishSequenceVersion(db, graph, SEQUENCE);
    const taskQueue = uniqueName('linkedin-journeys');
    const adapter = createLinkedInGatewayAdapter({ credentials: credentialSource({ LI_GATEWAY_ALICE: API_KEY }) });
    const worker = await createJourneyWorker({
      connection: server.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: { db, channels: channelRegistry([adapter]), tickMs: TICK_MS },
    });

    await worker.runUntil(async () => {
      const started = await startJourneys(server.client, db, { sequenceName: graph.name, personIds: people.map((p) => p.id), taskQueue });
      assert.equal(started.started.length, people.length);
      await Promise.all(people.map((p) => server.client.workflow.getHandle(journeyWorkflowId(graph.name, p.id)).result()));
    });

    const wf = (p: { id: string }) => journeyWorkflowId(graph.name, p.id);
    const events = async (p: { id: string }) => listEvents(db, wf(p));
    const triggers = async (p: { id: string }) => (await events(p)).filter((e) => e.type === 'branch_taken').map((e) => e.detail.trigger);
    const status = async (p: { id: string }) => (await getEnrollment(db, wf(p)))?.status;
    const failure = async (p: { id: string }) => String((await events(p)).find((e) => e.type === 'action_failed')?.detail.reason);

    assert.deepEqual(await Promise.all(people.map(status)), ['completed', 'completed', 'completed', 'completed', 'failed', 'failed']);
    assert.deepEqual(await triggers(rita), ['CONNECTION_ACCEPTED', 'REPLIED']);
    assert.deepEqual(await triggers(sam), ['CONNECTION_ACCEPTED', 'NOT_REPLIED']);
    assert.deepEqual(await triggers(nora), ['REPLIED_TO_NOTE']);
    assert.deepEqual(await triggers(ivan), ['CONNECTION_NOT_ACCEPTED']);
    assert.match(await failure(gus), /^RecipientUnreachable: sender account linkedin:alice-li: LinkedIn gateway send invitation answered 404 profile_not_found$/);
    assert.match(await failure(lena), /^InvalidJourneyInput: .*the connection note renders to 3\d\d characters; LinkedIn takes at most 300/);

    const observed = (await events(rita)).filter((e) => e.type === 'outcome_observed').map((e) => e.detail.observation);
    assert.deepEqual([...observed].sort(), ['connection_accepted', 'read', 'replied']);

    assert.deepEqual(gateway.invitationsTo(rita.url).map((i) => i.note), ['Hi Rita, shall we connect?']);
    for (const p of [sam, nora, ivan]) assert.equal(gateway.invitationsTo(p.url).length, 1);
    assert.deepEqual(gateway.sentMessagesTo(rita.url).map((m) => m.text), ['Thanks for connecting, Rita!']);
    assert.deepEqual(gateway.sentMessagesTo(sam.url).map((m) => m.text), ['Thanks for connecting, Sam!']);
    for (const p of [nora, ivan, gus, lena]) assert.equal(gateway.sentMessagesTo(p.url).length, 0);
    assert.ok(!gateway.requests.some((r) => (r.body as { profileUrl?: string } | undefined)?.profileUrl === lena.url), 'the long note never left');

    const invitationPosts = gateway.requests.filter((r) => r.method === 'POST' && r.path === '/invitations');
    const keys = invitationPosts.map((r) => r.idempotencyKey);
    assert.equal(invitationPosts.length, 6, 'five leads invited, one of them twice after the 429');
    assert.equal(new Set(keys).size, 5, 'the retry after the 429 carried the same idempotency key');
    assert.ok(gateway.requests.every((r) => r.account === 'alice' && r.authorization === `Bearer ${API_KEY}`));

    const history = await historyText(server.client, wf(rita));
    assert.ok(!history.includes('Thanks for connecting, Rita') && !history.includes(rita.url), 'no message or profile URL enters the workflow history');
    await assertNoSecrets({ client: server.client, db, workflowIds: people.map(wf), secrets: [API_KEY], logs: output.text() });
  });
});
