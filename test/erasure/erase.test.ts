import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import { sandboxChannels } from '../../src/channels/sandbox';
import { enrollAudience } from '../../src/client/enroll';
import { startJourneys } from '../../src/client/start-journeys';
import { setSandboxScript } from '../../src/db/sandbox';
import { publishSequenceVersion } from '../../src/db/sequences';
import { erasePerson, type ErasureDeps } from '../../src/erasure/erase';
import { createAudience } from '../../src/identity/create';
import { importAudience } from '../../src/identity/import';
import { buildIngestApp, type IngestApp } from '../../src/ingest/app';
import { silentLog } from '../../src/ingest/log';
import { storeEvent } from '../../src/ingest/pipeline';
import { suppressionKey } from '../../src/suppression/key';
import { suppress } from '../../src/suppression/suppress';
import { startDevServer } from '../../src/temporal/dev-server';
import { createJourneyWorker } from '../../src/worker/create-worker';
import { journeyWorkflowId } from '../../workflows/contract';
import { isolatedDb } from '../support/database';
import { compileSequence, createLead, ensureSandboxSenders, stateWhen, uniqueEthereumAddress, uniqueName, uniqueXHandle, type JourneyHandle } from '../support/journeys';
import { historyText } from '../support/secrets';
import { signedHeaders, webhookSecret } from '../support/webhooks';

const TICK_MS = 1000;

/** Fails after a DM was tried: the failure reason quotes the address, as an SMTP refusal would. */
const FAILING = `
templates:
  hello: { subject: "Hello {{ first_name }}", body: "Hi {{ first_name }} {{ last_name }} ({{ email }}, @{{ x_handle }}, {{ linkedin_url }}, {{ crypto_address }}), from {{ company | default: 'us' }}" }
nodes:
  - { id: mail, action: SEND_EMAIL, template: hello }
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
edges:
  - { from: mail, to: dm, trigger: NOT_REPLIED, within: 2s }
  - { from: mail, trigger: REPLIED }
  - { from: dm, trigger: END }
`;

/** Waits for replies: still running when the person is erased, across continue-as-new runs. */
const WAITING = `
templates:
  hello: { subject: "Hello", body: "Hello {{ first_name }} <{{ email }}>" }
  thanks: { subject: "Thanks", body: "Thanks {{ last_name }} <{{ email }}>" }
nodes:
  - { id: hello, action: SEND_EMAIL, template: hello }
  - { id: thanks, action: SEND_EMAIL, template: thanks }
edges:
  - { from: hello, to: thanks, trigger: REPLIED }
  - { from: hello, trigger: NOT_REPLIED, within: 1h }
  - { from: thanks, trigger: REPLIED }
  - { from: thanks, trigger: NOT_REPLIED, within: 1h }
`;

interface Someone {
  firstName: string;
  lastName: string;
  email: string;
  xHandle: string;
  xUserId: string;
  linkedinUrl: string;
  wallet: string;
}

function someone(first: string): Someone {
  const slug = uniqueName(first.toLowerCase());
  return {
    firstName: first,
    lastName: uniqueName('Surname').replace('-', ''),
    email: `${slug}@example.test`,
    xHandle: uniqueXHandle(first.toLowerCase().slice(0, 3)),
    xUserId: `7${Date.now()}${randomInt(100_000, 999_999)}`,
    linkedinUrl: `https://www.linkedin.com/in/${slug}`,
    wallet: uniqueEthereumAddress(),
  };
}

/** What must not survive: each identifier as the graph stores it, and the family name. */
function needles(p: Someone): string[] {
  return [p.email, p.xHandle, p.xUserId, p.linkedinUrl.split('/').pop() as string, p.wallet, p.lastName].map((n) => n.toLowerCase());
}

function csvOf(people: Someone[]): string {
  const rows = people.map((p) => [p.firstName, p.lastName, p.email, p.xHandle, p.xUserId, p.linkedinUrl, p.wallet, 'ethereum', 'Analytical Engines'].join(','));
  return ['first_name,last_name,email,x_handle,x_user_id,linkedin_url,crypto_address,crypto_chain,company', ...rows].join('\n') + '\n';
}

/** `table.column` of every text, JSON and array column, in every table, that holds any of the needles (any case). */
async function whereFound(db: Knex, words: string[]): Promise<string[]> {
  const columns: { table_name: string; column_name: string }[] = await db('information_schema.columns')
    .join('information_schema.tables', function () {
      this.on('tables.table_name', 'columns.table_name').andOn('tables.table_schema', 'columns.table_schema');
    })
    .where({ 'columns.table_schema': 'public', 'tables.table_type': 'BASE TABLE' })
    .whereIn('columns.data_type', ['text', 'character varying', 'json', 'jsonb', 'ARRAY'])
    .select('columns.table_name', 'columns.column_name');
  assert.ok(columns.length > 30, 'the scan sees the schema');
  const patterns = words.map((w) => `%${w.replace(/[\\%_]/g, '\\$&')}%`);
  const found: string[] = [];
  for (const c of columns) {
    const row = await db(c.table_name).whereRaw('lower(??::text) like any(?::text[])', [c.column_name, patterns]).count({ n: '*' }).first();
    if (Number(row?.n) > 0) found.push(`${c.table_name}.${c.column_name}`);
  }
  return found.sort();
}

async function gone(env: TestWorkflowEnvironment, workflowId: string): Promise<boolean> {
  try {
    await env.client.workflow.getHandle(workflowId).describe();
    return false;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return true;
    throw error;
  }
}

describe('outreach person erase: everything of one person, nothing of another', function () {
  this.timeout(240_000);
  let server: TestWorkflowEnvironment;
  let db: Knex;
  let ingest: IngestApp;
  let app: FastifyInstance;
  const secret = webhookSecret();

  before(async () => {
    [server, db] = await Promise.all([startDevServer(), isolatedDb()]);
    await ensureSandboxSenders(db);
    ingest = buildIngestApp({
      db,
      temporal: server.client,
      log: silentLog,
      secrets: { webhook: secret, linkedinGateway: webhookSecret() },
      checkTemporal: () => server.client.connection.workflowService.getSystemInfo({}),
    });
    app = ingest.app;
  });
  after(async () => {
    await app?.close();
    await server?.teardown();
  });

  const post = (body: unknown) => {
    const payload = JSON.stringify(body);
    return app.inject({ method: 'POST', url: '/webhooks/events', payload, headers: signedHeaders(secret, payload) });
  };

  it('leaves no identifier of the erased person in any column of any table, nor their journeys in Temporal; an erased suppression keeps them out', async () => {
    const ada = someone('Ada');
    const bob = someone('Bob');
    const dir = mkdtempSync(path.join(tmpdir(), 'outreach-erase-'));
    const file = path.join(dir, 'people.csv');
    // First Ada's address and her work profile as two persons; the second import learns they are one and merges them.
    writeFileSync(file, `first_name,last_name,email,linkedin_url\n${ada.firstName},${ada.lastName},${ada.email},\n${ada.firstName},${ada.lastName},,${ada.linkedinUrl}\n`);
    await importAudience(db, { audience: uniqueName('work'), file });
    writeFileSync(file, csvOf([ada, bob]));
    const audience = uniqueName('erase');
    const imported = await importAudience(db, { audience, file });
    assert.equal(imported.members, 2);
    assert.equal(imported.personsMerged, 1);
    const idOf = async (p: Someone) => String((await db('emails').where({ address: p.email }).first('person_id'))?.person_id);
    const [adaId, bobId] = [await idOf(ada), await idOf(bob)];
    await setSandboxScript(db, adaId, { failures: { SEND_TWITTER_DM: { permanent: `the server refused ${ada.email} for good` } } });
    await setSandboxScript(db, bobId, {});
    const key = await suppressionKey(db);
    await suppress({ db, key }, [{ identifier: { kind: 'email', value: ada.email }, scope: { scope: 'channel', channel: 'linkedin' }, reason: 'manual', source: 'cli' }]);

    const failing = compileSequence(FAILING);
    const waiting = compileSequence(WAITING);
    await publishSequenceVersion(db, failing, FAILING);
    await publishSequenceVersion(db, waiting, WAITING);
    const taskQueue = uniqueName('erase');
    const worker = await createJourneyWorker({
      connection: server.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: { db, channels: sandboxChannels(db), tickMs: TICK_MS },
    });
    const deps: ErasureDeps = { db, key, withTemporal: (work) => work(server.client), endWaitMs: 20_000 };
    const failingId = journeyWorkflowId(failing.name, adaId);
    const waitingId = journeyWorkflowId(waiting.name, adaId);

    const report = await worker.runUntil(async () => {
      const enrolled = await enrollAudience(db, { sequenceName: failing.name, audienceName: audience, dryRun: false, client: server.client, taskQueue, concurrency: 2 });
      assert.equal(enrolled.started, 2);
      const audienceId = String((await db('audiences').where({ name: audience }).first('id'))?.id);
      await startJourneys(server.client, db, { sequenceName: waiting.name, personIds: [adaId], taskQueue, audienceId, nodesPerRun: 1 });
      for (const p of [adaId, bobId]) await server.client.workflow.getHandle(journeyWorkflowId(failing.name, p)).result();

      const handle: JourneyHandle = server.client.workflow.getHandle(waitingId);
      await stateWhen(handle, 'hello sent', (s) => s.sent.length === 1 && s.nextActionAt !== null);
      const replied = await post({ type: 'email.reply.received', timestamp: new Date().toISOString(), data: { from: ada.email.toUpperCase() } });
      assert.equal(replied.statusCode, 200);
      await stateWhen(handle, 'thanks sent', (s) => s.sent.length === 2 && s.nextActionAt !== null);
      const dm = await post({ type: 'x.dm.received', timestamp: new Date().toISOString(), data: { from: { id: ada.xUserId, username: `@${ada.xHandle.toUpperCase()}` } } });
      assert.equal(dm.statusCode, 200);
      await post({ type: 'x.dm.received', timestamp: new Date().toISOString(), data: { from: { id: bob.xUserId } } });
      // Stored, not delivered yet (the sweeper's work): it names Ada only by a LinkedIn URL written otherwise.
      await storeEvent({ db, temporal: server.client, log: silentLog }, {
        origin: 'webhook',
        providerEventId: uniqueName('pending'),
        type: 'linkedin.message.received',
        occurredAt: new Date().toISOString(),
        from: { linkedinUrl: `${ada.linkedinUrl.toUpperCase()}/?trk=x` },
        raw: { data: { profileUrl: ada.linkedinUrl.toUpperCase(), text: 'hello' } },
      });

      assert.equal((await db('enrollments').where({ workflow_id: failingId }).first())?.status, 'failed');
      assert.ok((await historyText(server.client, failingId)).includes(ada.email), "the failed journey's history quotes the address");
      const adaFound = await whereFound(db, needles(ada));
      for (const place of ['emails.address', 'x_profiles.handle', 'audience_members.variables', 'sandbox_outbox.body', 'events.detail', 'enrollments.end_reason', 'inbound_events.raw', 'inbound_events.from_ref', 'persons.last_name', 'sandbox_scripts.script']) {
        assert.ok(adaFound.includes(place), `before erasure, Ada is in ${place} (found in ${adaFound.join(', ')})`);
      }
      return erasePerson(deps, { personId: adaId });
    });
    const bobBefore = await whereFound(db, needles(bob));

    assert.equal(report.personId, adaId);
    assert.equal(report.nothingLeft, false);
    assert.equal(report.suppressionsAdded, 5, 'email, X id, X handle, LinkedIn, wallet');
    assert.deepEqual(report.journeys, { ended: 1, terminated: 0, runsDeleted: (report.journeys as { runsDeleted: number }).runsDeleted, stillShown: 0 });
    assert.ok((report.journeys as { runsDeleted: number }).runsDeleted >= 3, 'both journeys, the waiting one across its runs');
    assert.equal(report.mergedPersons.length, 1, 'the person merged into her');
    for (const table of ['emails', 'x_profiles', 'linkedin_profiles', 'crypto_addresses', 'sandbox_scripts']) assert.equal(report.tables[table], 1, table);
    assert.equal(report.tables.audience_members, 3, 'both persons in the first snapshot, she in the second');
    assert.equal(report.tables.persons, 2, 'she and the person merged into her');
    assert.equal(report.tables.sender_assignments, 2, 'email and X');
    assert.equal(report.tables.sandbox_outbox, 3);
    assert.equal(report.tables.inbound_events, 3);
    assert.equal(report.tables.enrollments, 1, 'the cancelled journey recorded its end reason, erased, itself');
    assert.ok((report.tables.events ?? 0) > 10);

    assert.deepEqual(await whereFound(db, needles(ada)), [], 'nothing of Ada is left');
    assert.ok(await gone(server, failingId));
    assert.ok(await gone(server, waitingId));
    const ended = async (workflowId: string) => db('enrollments').where({ workflow_id: workflowId }).first('status', 'end_reason');
    assert.deepEqual(await ended(failingId), { status: 'failed', end_reason: 'erased' });
    assert.deepEqual(await ended(waitingId), { status: 'cancelled', end_reason: 'erased' });
    const redacted = await db('events').where({ workflow_id: failingId, type: 'action_failed' }).first('detail');
    assert.deepEqual(redacted?.detail, { erased: true, action: 'SEND_TWITTER_DM' });

    assert.deepEqual(bobBefore.filter((p) => p.startsWith('emails') || p.startsWith('sandbox_outbox') || p.startsWith('audience_members')), ['audience_members.variables', 'emails.address', 'sandbox_outbox.body']);
    assert.equal((await db('enrollments').where({ workflow_id: journeyWorkflowId(failing.name, bobId) }).first())?.status, 'completed');
    assert.equal(await db('events').where({ person_id: bobId }).whereRaw("detail -> 'erased' is not null").count({ n: '*' }).first().then((r) => Number(r?.n)), 0);
    assert.equal((await db('persons').where({ id: bobId }).first())?.last_name, bob.lastName);

    const again = await erasePerson(deps, { personId: adaId });
    assert.equal(again.nothingLeft, true);
    assert.ok(again.erasedBefore instanceof Date);
    assert.equal((await erasePerson(deps, { identifier: { kind: 'email', value: ada.email } })).nothingLeft, true);
    assert.deepEqual(await whereFound(db, needles(bob)), bobBefore, "Bob's data is as it was");

    assert.equal((await post({ type: 'x.dm.received', timestamp: new Date().toISOString(), data: { from: { id: ada.xUserId } } })).statusCode, 200);
    await ingest.inFlight.settled();
    const late = await erasePerson(deps, { identifier: { kind: 'x_user_id', value: ada.xUserId } });
    assert.equal(late.personId, null);
    assert.equal(late.tables.inbound_events, 1, 'a reply that arrived after the erasure');
    assert.deepEqual(await whereFound(db, needles(ada)), []);

    const everyone = await createAudience(db, { name: uniqueName('all'), from: 'all', dryRun: true });
    assert.equal(everyone.members, 1, 'an erased person is in no new audience: only Bob is left');

    const back = uniqueName('back');
    writeFileSync(file, csvOf([ada]));
    await importAudience(db, { audience: back, file });
    const returned = await enrollAudience(db, { sequenceName: waiting.name, audienceName: back, dryRun: false, client: server.client, taskQueue, concurrency: 1 });
    assert.equal(returned.started, 0);
    assert.deepEqual(returned.skipped.map((s) => s.reason), ['suppressed (erased)']);
  });

  it('erases the rows when Temporal is away and says so; the next run ends the journey and deletes its history', async () => {
    const carl = someone('Carl');
    const personId = await createLead(db, { person: { firstName: carl.firstName, lastName: carl.lastName, email: carl.email, xHandle: carl.xHandle }, script: {} });
    const waiting = compileSequence(WAITING);
    await publishSequenceVersion(db, waiting, WAITING);
    const taskQueue = uniqueName('erase');
    const worker = await createJourneyWorker({ connection: server.nativeConnection, namespace: 'default', taskQueue, deps: { db, channels: sandboxChannels(db), tickMs: TICK_MS } });
    const key = await suppressionKey(db);
    const away: ErasureDeps = { db, key, withTemporal: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:7233')) };
    const back: ErasureDeps = { db, key, withTemporal: (work) => work(server.client) };
    const workflowId = journeyWorkflowId(waiting.name, personId);

    const [first, second] = await worker.runUntil(async () => {
      await startJourneys(server.client, db, { sequenceName: waiting.name, personIds: [personId], taskQueue });
      await stateWhen(server.client.workflow.getHandle(workflowId), 'hello sent', (s) => s.sent.length === 1 && s.nextActionAt !== null);
      const first = await erasePerson(away, { personId });
      assert.deepEqual(await whereFound(db, needles(carl)), [], 'the rows are erased all the same');
      return [first, await erasePerson(back, { personId })];
    });
    assert.deepEqual(first.journeys, { error: 'connect ECONNREFUSED 127.0.0.1:7233' });
    assert.equal(first.tables.enrollments, 1);
    assert.equal(first.nothingLeft, false);
    assert.equal(second.suppressionsAdded, 0);
    assert.deepEqual(second.journeys, { ended: 1, terminated: 0, runsDeleted: 1, stillShown: 0 });
    assert.ok((second.tables.events ?? 0) >= 1, "the journey's own record of its end");
    assert.ok(await gone(server, workflowId));
    assert.deepEqual(await whereFound(db, needles(carl)), []);
    assert.equal((await erasePerson(back, { personId })).nothingLeft, true);
  });

  it("lets an event's row change only by taking its details away, inside an erasure of its person", async () => {
    const [event] = await db('events').whereRaw("detail -> 'erased' is null").whereNotNull('provider_id').limit(1);
    assert.ok(event, 'the journeys above left events');
    const inErasureOf = async (persons: string, change: (trx: Knex.Transaction) => Promise<unknown>) =>
      db.transaction(async (trx) => {
        await trx.raw("select set_config('outreach.erasing_persons', ?, true)", [persons]);
        await change(trx);
      });
    const row = () => db('events').where({ id: event.id });
    const erased = { erased: true };
    await assert.rejects(row().update({ detail: erased }), /events rows are immutable: UPDATE rejected/, 'outside an erasure');
    await assert.rejects(inErasureOf(`{${Number(event.person_id) + 1}}`, (trx) => trx('events').where({ id: event.id }).update({ detail: erased })), /immutable/, "another person's erasure");
    const own = `{${event.person_id}}`;
    await assert.rejects(inErasureOf(own, (trx) => trx('events').where({ id: event.id }).update({ detail: erased, type: 'journey_ended' })), /immutable/, 'another column');
    await assert.rejects(inErasureOf(own, (trx) => trx('events').where({ id: event.id }).update({ detail: { ...erased, invented: 'x' } })), /immutable/, 'detail added');
    await assert.rejects(inErasureOf(own, (trx) => trx('events').where({ id: event.id }).update({ detail: event.detail })), /immutable/, 'no erased mark');
    await assert.rejects(inErasureOf(own, (trx) => trx('events').where({ id: event.id }).update({ detail: erased, provider_id: 'other' })), /immutable/, 'provider id changed');
    await assert.rejects(inErasureOf(own, (trx) => trx('events').where({ id: event.id }).delete()), /events rows are immutable: DELETE rejected/);
    await inErasureOf(own, (trx) => trx('events').where({ id: event.id }).update({ detail: erased, provider_id: null }));
    assert.deepEqual((await row().first())?.detail, erased);
  });
});
