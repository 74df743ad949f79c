import assert from 'node:assert/strict';
import type { Client } from '@temporalio/client';
import type { EnrollOptions } from '../../src/client/enroll';

// What this file checks is done by `tsc -p .` (npm run lint): each @ts-expect-error fails it if the type allows the line.
describe('enroll options: the type says what each kind of run needs', () => {
  const target = { sequenceName: 'welcome', audienceName: 'spring' };

  it('a real run cannot be asked for without the Temporal client, task queue and concurrency it starts journeys with', () => {
    // @ts-expect-error: a real run without a client
    const noClient: EnrollOptions = { ...target, dryRun: false, taskQueue: 'q', concurrency: 1 };
    // @ts-expect-error: a real run without a task queue
    const noQueue: EnrollOptions = { ...target, dryRun: false, client: {} as Client, concurrency: 1 };
    assert.deepEqual([noClient.dryRun, noQueue.dryRun], [false, false]);
  });

  it('a dry run needs nothing to start journeys with', () => {
    const dry: EnrollOptions = { ...target, dryRun: true };
    assert.equal(dry.dryRun, true);
  });
});
