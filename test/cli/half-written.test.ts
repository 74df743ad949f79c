import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { publishSequenceVersion } from '../../src/db/sequences';
import { startDevServer } from '../../src/temporal/dev-server';
import { journeyWorkflowId } from '../../workflows/contract';
import { runCli, type CliResult } from '../support/cli';
import { isolatedDb, testDb, testDbUrl } from '../support/database';
import { compileSequence, uniqueName } from '../support/journeys';
import { tableFingerprints } from '../support/tables';

const dir = mkdtempSync(path.join(tmpdir(), 'outreach-half-written-'));
const STACK = /\n\s+at /;

function file(name: string, text: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
}

function leadsFile(): string {
  return file(`${uniqueName('leads')}.json`, JSON.stringify([
    { first_name: 'Ada', email: `${uniqueName('ada')}@example.com`, sandbox: { repliesAfter: '1h' } },
    { first_name: 'Grace', email: `${uniqueName('grace')}@example.com`, attributes: { company: 'Copperleaf' } },
  ]));
}

const SEQUENCE = `
nodes:
  - { id: hello, action: SEND_EMAIL, template: hello }
templates:
  hello: { subject: "Hi", body: "Hello {{ first_name | default: 'there' }}" }
edges:
  - { from: hello, trigger: END }
`;

async function published(db: Knex): Promise<string> {
  const graph = compileSequence(SEQUENCE);
  await publishSequenceVersion(db, graph, SEQUENCE);
  return graph.name;
}

function startJourneys(args: string[], env: Record<string, string>): Promise<CliResult> {
  return runCli(['start', ...args], env);
}

/** Exit status 1, exactly this one line on stderr, no stack trace. */
function assertRefused(result: CliResult, line: string | RegExp): void {
  assert.equal(result.code, 1, `exit status; stderr: ${result.stderr}`);
  assert.doesNotMatch(result.stderr, STACK);
  if (typeof line === 'string') assert.equal(result.stderr, `${line}\n`);
  else assert.match(result.stderr, line);
}

async function deadPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('nothing half-written: a refused command leaves every table as it was', function () {
  this.timeout(180_000);
  let db: Knex;
  let env: Record<string, string>;
  before(async () => {
    db = await testDb();
    env = { DATABASE_URL: await testDbUrl(), TEMPORAL_ADDRESS: `127.0.0.1:${await deadPort()}`, TEMPORAL_CONNECT_TIMEOUT: '2s' };
  });

  it('outreach start with a valid leads file and a sequence that does not exist writes no person', async () => {
    const leads = leadsFile();
    const before = await tableFingerprints(db);
    assertRefused(await startJourneys(['--sequence', 'no-such-sequence', '--leads-file', leads], env), 'outreach: sequence "no-such-sequence" does not exist');
    assert.deepEqual(await tableFingerprints(db), before);
  });

  it('outreach start with a version that does not exist, an unknown --lead or a bad --lead writes nothing', async () => {
    const name = await published(db);
    const leads = leadsFile();
    const before = await tableFingerprints(db);
    assertRefused(await startJourneys(['--sequence', name, '--version', '9', '--leads-file', leads], env), `outreach: sequence "${name}" has no version 9`);
    assertRefused(
      await startJourneys(['--sequence', name, '--lead', '999999999999', '--leads-file', leads], env),
      'outreach: --lead: no such person 999999999999; nothing was written or started',
    );
    assertRefused(await startJourneys(['--sequence', name, '--lead', '12abc', '--leads-file', leads], env), 'outreach: --lead 12abc: expected a person id (a whole number)');
    assert.deepEqual(await tableFingerprints(db), before);
  });

  it('outreach start with Temporal out of reach writes no person', async () => {
    const name = await published(db);
    const before = await tableFingerprints(db);
    assertRefused(await startJourneys(['--sequence', name, '--leads-file', leadsFile()], env), new RegExp(`^outreach: cannot reach Temporal at ${env.TEMPORAL_ADDRESS} \\(TEMPORAL_ADDRESS\\): `));
    assert.deepEqual(await tableFingerprints(db), before);
  });

  it('outreach start with a bad leads file writes nothing, naming the line', async () => {
    const name = await published(db);
    const bad = file('nul.json', `[\n  {"email": "a@example.com"},\n  {"email": "b@example.com", "first_name": "B\\u0000"}\n]`);
    const before = await tableFingerprints(db);
    assertRefused(
      await startJourneys(['--sequence', name, '--leads-file', bad], env),
      `outreach: ${bad}:3:30: lead 1.first_name: contains a NUL character (\\u0000), which Postgres cannot store`,
    );
    assert.deepEqual(await tableFingerprints(db), before);
  });

  it('sender apply writes all accounts in one transaction: one the database refuses leaves none stored', async () => {
    const scratch = await isolatedDb();
    await scratch.raw("alter table sender_accounts add constraint refuse_for_test check (handle <> 'refused')");
    const url = (scratch.client.config.connection as { connectionString: string }).connectionString;
    const senders = file('two.yaml', `accounts:
  - { channel: x, provider: sandbox, handle: accepted }
  - { channel: email, provider: sandbox, handle: refused }
`);
    const before = await tableFingerprints(scratch);
    const result = await runCli(['sender', 'apply', senders], { DATABASE_URL: url });
    assertRefused(result, 'outreach: new row for relation "sender_accounts" violates check constraint "refuse_for_test"');
    assert.equal(result.stdout, '', 'no "created" line for an account that was rolled back');
    assert.deepEqual(await tableFingerprints(scratch), before);
  });

  it('sender pause refuses a reason over its bound or with control characters, changing nothing', async () => {
    const handle = uniqueName('pausable');
    assert.equal((await runCli(['sender', 'apply', file('pausable.yaml', `accounts:\n  - { channel: x, provider: sandbox, handle: ${handle} }\n`)], env)).code, 0);
    const before = await tableFingerprints(db);
    assertRefused(await runCli(['sender', 'pause', `x:${handle}`, '--reason', 'r'.repeat(201)], env), 'outreach: --reason is 201 characters, over the limit of 200');
    assertRefused(await runCli(['sender', 'pause', `x:${handle}`, '--reason', 'two\nlines'], env), 'outreach: --reason must be one line of text (no control characters)');
    assertRefused(await runCli(['sender', 'pause', `x:${'h'.repeat(300)}`], env), /^outreach: "x:h+…": expected channel:handle \(at most 254 characters\) with a channel of x, email, linkedin, xmtp\n$/);
    assertRefused(await runCli(['sender', 'resume', 'x:nobody-by-this-name'], env), 'outreach: no sender account x:nobody-by-this-name (see `outreach sender list`)');
    assert.deepEqual(await tableFingerprints(db), before);
  });
});

describe('outreach start against a Temporal dev server', function () {
  this.timeout(240_000);
  let server: TestWorkflowEnvironment;
  let db: Knex;
  let env: Record<string, string>;
  before(async () => {
    [server, db] = await Promise.all([startDevServer(), testDb()]);
    env = { DATABASE_URL: await testDbUrl(), TEMPORAL_ADDRESS: server.address, TEMPORAL_TASK_QUEUE: uniqueName('q') };
  });
  after(async () => {
    await server?.teardown();
  });

  it('refuses a namespace that does not exist before writing a person', async () => {
    const name = await published(db);
    const before = await tableFingerprints(db);
    assertRefused(
      await startJourneys(['--sequence', name, '--leads-file', leadsFile()], { ...env, TEMPORAL_NAMESPACE: 'no-such-namespace' }),
      'outreach: Temporal has no namespace "no-such-namespace" (TEMPORAL_NAMESPACE); create it, or set TEMPORAL_NAMESPACE to one that exists',
    );
    assert.deepEqual(await tableFingerprints(db), before);
  });

  it('writes the file\'s people once and starts one journey each; a second run starts none and writes no one twice', async () => {
    const name = await published(db);
    const leads = leadsFile();
    const first = await startJourneys(['--sequence', name, '--leads-file', leads], env);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, `sequence "${name}" version 1: 2 started, 0 already enrolled\n`);
    const persons = await db('persons').count<{ count: string }[]>({ count: '*' });
    const again = await startJourneys(['--sequence', name, '--leads-file', leads], env);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, `sequence "${name}" version 1: 0 started, 2 already enrolled\n`);
    assert.deepEqual(await db('persons').count<{ count: string }[]>({ count: '*' }), persons);
    const emails = (JSON.parse(readFileSync(leads, 'utf8')) as { email: string }[]).map((l) => l.email);
    const ids = await db('emails').whereIn('address', emails).pluck('person_id');
    for (const id of ids) await server.client.workflow.getHandle(journeyWorkflowId(name, String(id))).describe();
  });
});
