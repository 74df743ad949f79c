import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { journeySinks } from '../../src/worker/create-worker';
import { journeyBundle } from '../support/temporal';
import { historyFromObject } from './history-json';

const HISTORIES = path.resolve(__dirname, '../fixtures/histories');

describe('replaying saved journey histories with the current workflow code', () => {
  const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));

  it('has saved histories to replay', () => {
    if (files.length === 0) throw new Error(`no histories in ${HISTORIES}: run test/replay/record-histories.ts`);
  });

  for (const file of files) {
    it(`replays ${file} without a determinism error`, async () => {
      const history = historyFromObject(JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')));
      await Worker.runReplayHistory({ workflowBundle: await journeyBundle(), sinks: journeySinks() }, history, `replay-${file}`);
    });
  }
});
