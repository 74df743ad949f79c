import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { journeySinks } from '../../src/worker/create-worker';
import { LEAN_BOOKKEEPING } from '../../workflows/books';
import { journeyBundle } from '../support/temporal';
import { historyFromObject } from './history-json';

const HISTORIES = path.resolve(__dirname, '../fixtures/histories');

function historyOf(file: string) {
  return historyFromObject(JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')));
}

describe('replaying saved journey histories with the current workflow code', () => {
  const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));

  it('has saved histories to replay', () => {
    if (files.length === 0) throw new Error(`no histories in ${HISTORIES}: run test/replay/record-histories.ts`);
  });

  it('has histories of both bookkeepings: every step written (no label) and lean (`.lean.` and later labels)', () => {
    const lean = (file: string) =>
      (historyOf(file).events ?? []).some((e) =>
        Object.values(e.markerRecordedEventAttributes?.details ?? {}).some((d) =>
          (d.payloads ?? []).some((p) => Buffer.from(p.data ?? []).toString().includes(LEAN_BOOKKEEPING)),
        ),
      );
    // NAME.LABEL.runN.json; the older recorder wrote NAME.runN.json, and sender-waits NAME.run1.json.
    const labelledFile = (f: string) => /^[^.]+\.[^.]+\.run\d+\.json$/.test(f);
    const [labelled, unlabelled] = [files.filter(labelledFile), files.filter((f) => !labelledFile(f))];
    assert.ok(labelled.length > 0 && unlabelled.length > 0);
    assert.deepEqual(labelled.filter((f) => !lean(f)), [], 'lean histories carry the patch marker');
    assert.deepEqual(unlabelled.filter(lean), [], 'older histories do not');
  });

  for (const file of files) {
    it(`replays ${file} without a determinism error`, async () => {
      await Worker.runReplayHistory({ workflowBundle: await journeyBundle(), sinks: journeySinks() }, historyOf(file), `replay-${file}`);
    });
  }
});
