import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_TOOLS_BIN, TEMPORAL_TEST_SERVER, locateBinary } from '../../src/temporal/binaries';

function fakeExecutable(dir: string, name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
}

describe('finding the Temporal binaries', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'outreach-bin-'));
  const onPath = fakeExecutable(dir, TEMPORAL_TEST_SERVER.name);

  it('prefers the env var over PATH', () => {
    const named = fakeExecutable(mkdtempSync(path.join(tmpdir(), 'outreach-env-')), 'custom-server');
    const found = locateBinary(TEMPORAL_TEST_SERVER, { TEMPORAL_TEST_SERVER_PATH: named, PATH: dir });
    assert.deepEqual(found, { type: 'existing-path', path: named, foundVia: 'env' });
  });

  it('names the env var when it points at nothing runnable', () => {
    assert.throws(
      () => locateBinary(TEMPORAL_TEST_SERVER, { TEMPORAL_TEST_SERVER_PATH: path.join(dir, 'missing') }),
      /TEMPORAL_TEST_SERVER_PATH=.*missing is not an executable file/,
    );
  });

  it('then looks on PATH', () => {
    assert.deepEqual(locateBinary(TEMPORAL_TEST_SERVER, { PATH: dir }), { type: 'existing-path', path: onPath, foundVia: 'PATH' });
  });

  it('then in the project tools folder the bootstrap fills', () => {
    const found = locateBinary(TEMPORAL_TEST_SERVER, { PATH: '' });
    assert.deepEqual(found, { type: 'existing-path', path: path.join(PROJECT_TOOLS_BIN, TEMPORAL_TEST_SERVER.name), foundVia: 'project' });
  });

  it("falls back to the SDK's own download only when nothing else is there", () => {
    assert.deepEqual(locateBinary({ envVar: 'NO_SUCH_VAR', name: 'no-such-temporal-binary' }, { PATH: dir }), { type: 'cached-download' });
  });
});
