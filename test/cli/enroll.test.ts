import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { sandboxChannels } from '../../src/channels/sandbox';
import { publishSequenceVersion } from '../../src/db/sequences';
import { startDevServer } from '../../src/temporal/dev-server';
import { createJourneyWorker } from '../../src/worker/create-worker';
import { runCli } from '../support/cli';
import { testDb, testDbUrl } from '../support/database';
import { compileSequence, createLead, ensureSandboxSenders, uniqueName } from '../support/journeys';

const SEQUENCE = `
variables: [company]
templates:
  hello: { body: "Hi {{ first_name | default: 'there' }}, about {{ company }}" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
edges:
  - { from: dm, trigger: REPLIED, within: 30d }
  - { from: dm, trigger: NOT_REPLIED }
`;

/** An audience snapshot made directly in the database: these tests are about enrolling, not importing. */
async function audience(db: Knex, name: string, members: { personId: string; variables: Record<string, string> }[]): Promise<void> {
  const [row] = await db('audiences').insert({ name, filter: {} }).returning('id');
  if (!row) throw new Error('no audience row');
  await db('audience_members').insert(members.map((m) => ({ audience_id: row.id, person_id: m.personId, variables: m.variables })));
}

describe('outreach enroll, status, pause, resume and cancel', function () {
  this.timeout(180_000);
  let server: TestWorkflowEnvironment;
  let db: Knex;
  let env: Record<string, string>;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueName('cli-enroll');

  before(async () => {
    [server, db] = await Promise.all([startDevServer(), testDb()]);
    await ensureSandboxSenders(db);
    env = { DATABASE_URL: await testDbUrl(), TEMPORAL_ADDRESS: server.address, TEMPORAL_TASK_QUEUE: taskQueue };
    worker = await createJourneyWorker({
      connection: server.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: { db, channels: sandboxChannels(db), tickMs: 1000 },
    });
    running = worker.run();
  });
  after(async () => {
    worker?.shutdown();
    await running;
    await server?.teardown();
  });

  async function enrolment() {
    const graph = compileSequence(SEQUENCE);
    await publishSequenceVersion(db, graph, SEQUENCE);
    const reachable = await Promise.all([1, 2, 3].map(() => createLead(db)));
    const noX = await createLead(db, { person: { xHandle: undefined, email: `${uniqueName('nox')}@example.test` } });
    const noCompany = await createLead(db);
    const name = uniqueName('audience');
    await audience(db, name, [
      ...reachable.map((personId) => ({ personId, variables: { first_name: 'Ada', company: 'Acme' } })),
      { personId: noX, variables: { company: 'Acme' } },
      { personId: noCompany, variables: { first_name: 'Bob' } },
    ]);
    return { graph, reachable, noX, noCompany, audience: name };
  }

  it('starts reachable members, records the others as skipped with a reason, and counts a second run as already enrolled', async () => {
    const e = await enrolment();
    const args = ['enroll', '--sequence', e.graph.name, '--audience', e.audience, '--json'];

    const dry = await runCli([...args, '--dry-run'], env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(pick(JSON.parse(dry.stdout)), { started: 3, alreadyEnrolled: 0, skipped: 2, dryRun: true });
    assert.equal(await db('enrollments').where({ sequence_id: await sequenceId(db, e.graph.name) }).first(), undefined, 'a dry run records nothing');

    const first = await runCli(args, env);
    assert.equal(first.code, 0, first.stderr);
    const result = JSON.parse(first.stdout);
    assert.deepEqual(pick(result), { started: 3, alreadyEnrolled: 0, skipped: 2, dryRun: false });
    const reasons = Object.fromEntries(result.skipped.map((s: { personId: string; reason: string }) => [s.personId, s.reason]));
    assert.equal(reasons[e.noX], 'the first action (node "dm") cannot reach them on X: they have neither an X user id nor an X handle');
    assert.match(reasons[e.noCompany], /\{\{ company \}\}/);

    const second = await runCli(args, env);
    assert.deepEqual(pick(JSON.parse(second.stdout)), { started: 0, alreadyEnrolled: 3, skipped: 2, dryRun: false });

    const status = await runCli(['status', '--sequence', e.graph.name], env);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /skipped .* 1 {2}\(the first action \(node "dm"\) cannot reach them on X/);
    assert.match(status.stdout, /skipped .* 1 {2}\(no value for template variable \{\{ company \}\}/);
  });

  it('shows why journeys failed, grouped by reason', async () => {
    const graph = compileSequence(SEQUENCE);
    await publishSequenceVersion(db, graph, SEQUENCE);
    const closed = await createLead(db, { script: { failures: { SEND_TWITTER_DM: { permanent: 'DMs closed' } } } });
    const name = uniqueName('audience');
    await audience(db, name, [{ personId: closed, variables: { first_name: 'Cy', company: 'Acme' } }]);
    assert.equal((await runCli(['enroll', '--sequence', graph.name, '--audience', name], env)).code, 0);
    await until(async () => (await db('enrollments').where({ person_id: closed }).first())?.status === 'failed');
    const status = await runCli(['status', '--sequence', graph.name], env);
    assert.match(status.stdout, /dm +failed +1 {2}\(RecipientUnreachable: sandbox: DMs closed\)/);
  });

  it('pauses, resumes and cancels every running journey of a sequence, and shows one lead\'s path', async () => {
    const e = await enrolment();
    assert.equal((await runCli(['enroll', '--sequence', e.graph.name, '--audience', e.audience], env)).code, 0);
    const statuses = () => db('enrollments').whereIn('person_id', e.reachable).where('sequence_id', db('sequences').where({ name: e.graph.name }).select('id')).pluck('status');
    await until(async () => (await statuses()).every((s) => s === 'waiting'));

    const paused = await runCli(['pause', '--sequence', e.graph.name, '--reason', 'holiday', '--json'], env);
    assert.deepEqual(JSON.parse(paused.stdout), { command: 'pause', signalled: 3, alreadyEnded: 0 });
    await until(async () => (await statuses()).every((s) => s === 'paused'));

    assert.deepEqual(JSON.parse((await runCli(['resume', '--sequence', e.graph.name, '--json'], env)).stdout).signalled, 3);
    await until(async () => (await statuses()).every((s) => s === 'waiting'));

    const one = await runCli(['cancel', '--sequence', e.graph.name, '--lead', e.reachable[0]!, '--json'], env);
    assert.equal(JSON.parse(one.stdout).signalled, 1);
    const rest = await runCli(['cancel', '--sequence', e.graph.name, '--json'], env);
    assert.ok([2, 3].includes(JSON.parse(rest.stdout).signalled));
    await until(async () => (await statuses()).every((s) => s === 'cancelled'));

    const path = await runCli(['status', '--sequence', e.graph.name, '--lead', e.reachable[0]!], env);
    assert.equal(path.code, 0, path.stderr);
    for (const step of ['journey started', 'sent SEND_TWITTER_DM', 'journey paused', 'journey resumed', 'ended cancelled']) {
      assert.ok(path.stdout.includes(step), `path shows "${step}":\n${path.stdout}`);
    }
    assert.match(path.stdout, /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/);

    const missing = await runCli(['pause', '--sequence', e.graph.name, '--lead', e.noX], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, new RegExp(`person ${e.noX} has no running journey`));
  });
});

function pick(r: { started: number; alreadyEnrolled: number; skipped: unknown[]; dryRun: boolean }) {
  return { started: r.started, alreadyEnrolled: r.alreadyEnrolled, skipped: r.skipped.length, dryRun: r.dryRun };
}

async function sequenceId(db: Knex, name: string): Promise<string> {
  const row = await db('sequences').where({ name }).first('id');
  if (!row) throw new Error(`no sequence ${name}`);
  return row.id;
}

/** Polls a condition a bounded number of times (the worker runs on a 1 s tick). */
async function until(check: () => Promise<boolean>, attempts = 60): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('condition not met in time');
}
