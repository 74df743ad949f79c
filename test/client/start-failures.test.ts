import assert from 'node:assert/strict';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { JourneyStartError, startJourneys } from '../../src/client/start-journeys';
import { loadConfig } from '../../src/config';
import { getEnrollment } from '../../src/db/enrollments';
import { publishSequenceVersion } from '../../src/db/sequences';
import { describeError } from '../../src/errors/describe';
import type { SequenceGraph } from '../../src/sequences/model';
import { connectClient } from '../../src/temporal/connection';
import { startDevServer } from '../../src/temporal/dev-server';
import { journeyWorkflowId } from '../../workflows/contract';
import { testDb } from '../support/database';
import { compileSequence, createLead, uniqueName } from '../support/journeys';

const ONE_DM = `
templates:
  hello: { body: "Hello {{ first_name }}" }
nodes:
  - { id: hello, action: SEND_TWITTER_DM, template: hello }
edges:
  - { from: hello, trigger: END }
`;

/** A published version Temporal will never take, as a file validated before issue 8 could publish it. */
async function publishRaw(db: Knex, graph: SequenceGraph): Promise<void> {
  await publishSequenceVersion(db, graph, 'test');
}

async function startAll(client: Client, db: Knex, graph: SequenceGraph, leads: number): Promise<{ error: JourneyStartError; personIds: string[] }> {
  const personIds: string[] = [];
  for (let i = 0; i < leads; i++) personIds.push(await createLead(db));
  const error = await startJourneys(client, db, { sequenceName: graph.name, personIds, taskQueue: uniqueName('q'), concurrency: 2 }).then(
    () => assert.fail('the starts should have been refused'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof JourneyStartError, String(error));
  return { error, personIds };
}

describe('starting journeys Temporal refuses', function () {
  this.timeout(180_000);
  let server: TestWorkflowEnvironment;
  let client: Client;
  let db: Knex;

  before(async () => {
    [server, db] = await Promise.all([startDevServer(), testDb()]);
    client = await connectClient(loadConfig({ TEMPORAL_ADDRESS: server.connection.options.address }).temporal);
  });
  after(async () => {
    await client?.connection.close();
    await server?.teardown();
  });

  it('stops at the first failure with the reason (a workflow id over the server limit), instead of failing every member', async () => {
    const graph = { ...compileSequence(ONE_DM), name: `long-${'n'.repeat(1100)}` };
    await publishRaw(db, graph);
    const { error, personIds } = await startAll(client, db, graph, 6);
    const idLength = journeyWorkflowId(graph.name, personIds[0]!).length;
    assert.equal(
      error.message,
      `Temporal refused to start journeys of sequence "long-${'n'.repeat(75)}..." version 1: WorkflowId exceeds maximum allowed length (${idLength}/1000) (INVALID_ARGUMENT) (2 journeys); ` +
        'stopped with 0 started and 4 not tried (once it is fixed, run the command again: journeys already started are skipped)',
    );
    assert.deepEqual(error.result.failed.map((f) => f.personId).sort(), personIds.slice(0, 2).sort());
    assert.deepEqual(error.result.notTried, personIds.slice(2));
    assert.equal(describeError(error).bug, false);
    assert.equal(await getEnrollment(db, journeyWorkflowId(graph.name, personIds[0]!)), undefined);
  });

  it('says a workflow input is over the size limit, without the client retrying it for 45 s', async () => {
    const base = compileSequence(ONE_DM);
    const body = 'x'.repeat(5 * 1024 * 1024);
    const graph: SequenceGraph = { ...base, templates: { hello: { ...base.templates.hello!, variants: [{ ...base.templates.hello!.variants[0]!, body }] } } };
    await publishRaw(db, graph);
    const { error } = await startAll(client, db, graph, 5);
    assert.match(
      error.message,
      /^Temporal refused to start journeys of sequence "seq-[0-9a-f]{8}" version 1: grpc: received message larger than max \(\d+ vs\. 4194304\) \(RESOURCE_EXHAUSTED\) \(2 journeys\); stopped with 0 started and 3 not tried /,
    );
    assert.equal(error.result.failed.length, 2);
  });
});
