import assert from 'node:assert/strict';
import net from 'node:net';
import { ServiceError } from '@temporalio/client';
import { ExplainedError, describeError, grpcStatusOf } from '../../src/errors/describe';
import { testDb } from '../support/database';

/** The shape @grpc/grpc-js gives a failed call: `code`, `details`, `metadata`. */
function grpcError(code: number, name: string, details: string): Error {
  return Object.assign(new Error(`${code} ${name}: ${details}`), { code, details, metadata: {} });
}

async function deadLocalhostPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('describing an error for a user', () => {
  it('shows the reason Temporal gave under "Failed to start Workflow", with its status', () => {
    const error = new ServiceError('Failed to start Workflow', { cause: grpcError(3, 'INVALID_ARGUMENT', 'WorkflowId length exceeds limit.') });
    assert.deepEqual(describeError(error), { message: 'Failed to start Workflow: WorkflowId length exceeds limit. (INVALID_ARGUMENT)', bug: false });
    assert.deepEqual(grpcStatusOf(error), { code: 3, name: 'INVALID_ARGUMENT', details: 'WorkflowId length exceeds limit.' });
  });

  it('reads a Postgres error as an expected one, by its message', async () => {
    const db = await testDb();
    const error = await db.raw('select 1 / 0').then(() => undefined, (e: unknown) => e);
    assert.deepEqual(describeError(error), { message: 'division by zero', bug: false });
    assert.deepEqual(describeError(new Error('report failed', { cause: error })), { message: 'report failed: division by zero', bug: false });
  });

  it('names every address of a refused connection (Node reports several for localhost)', async () => {
    const port = await deadLocalhostPort();
    const error = await new Promise<unknown>((resolve) => net.connect({ host: '127.0.0.1', port }).once('error', resolve));
    assert.deepEqual(describeError(error), { message: `connect ECONNREFUSED 127.0.0.1:${port}`, bug: false });
    const both = new AggregateError([new Error('connect ECONNREFUSED ::1:5432'), new Error('connect ECONNREFUSED 127.0.0.1:5432')]);
    assert.equal(describeError(both).message, 'connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432');
  });

  it('takes a failed fetch for a network problem, not a bug', async () => {
    const port = await deadLocalhostPort();
    const error = await fetch(`http://127.0.0.1:${port}/`).then(() => undefined, (e: unknown) => e);
    assert.deepEqual(describeError(error), { message: `fetch failed: connect ECONNREFUSED 127.0.0.1:${port}`, bug: false });
  });

  it('calls a TypeError or a non-Error value a bug', () => {
    let error: unknown;
    try {
      (undefined as unknown as { x: () => void }).x();
    } catch (e) {
      error = e;
    }
    assert.equal(describeError(error).bug, true);
    assert.equal(describeError(new Error('wrapped', { cause: new RangeError('Invalid array length') })).bug, true);
    assert.deepEqual(describeError('a string'), { message: 'a string', bug: true });
  });

  it('does not repeat a cause an error already explains, and keeps a list of problems as it is', () => {
    class Explained extends ExplainedError {}
    assert.equal(describeError(new Explained('cannot connect: refused', { cause: new Error('ECONNREFUSED raw') })).message, 'cannot connect: refused');
    assert.equal(describeError(new Error('a.yaml:1:1: one\na.yaml:2:1: two')).message, 'a.yaml:1:1: one\na.yaml:2:1: two');
    assert.equal(describeError(new Error('outer: inner', { cause: new Error('inner') })).message, 'outer: inner');
  });

  it('stops on a cause cycle and cuts a very long reason', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    assert.equal(describeError(a).message, 'a: b');
    const long = describeError(new Error('top', { cause: new Error('x'.repeat(2000)) })).message;
    assert.equal(long, `top: ${'x'.repeat(500)}...`);
  });
});
