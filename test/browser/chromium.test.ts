import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromiumOrSkip, findChromium } from '../support/chromium';

describe('finding a Chromium for the browser tests', () => {
  let dir: string;
  const executable = (file: string) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
    return file;
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'chromium-lookup-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes CHROMIUM_PATH first, then the system paths, then google-chrome on PATH', () => {
    const fromEnv = executable(path.join(dir, 'env/my-chrome'));
    const system = executable(path.join(dir, 'usr/bin/chromium'));
    const onPath = executable(path.join(dir, 'path/google-chrome'));
    const PATH = path.join(dir, 'path');
    assert.deepEqual(findChromium({ CHROMIUM_PATH: fromEnv, PATH }, [system]), { path: fromEnv, foundVia: 'CHROMIUM_PATH' });
    assert.deepEqual(findChromium({ PATH }, [path.join(dir, 'nothing-here'), system]), { path: system, foundVia: 'system' });
    assert.deepEqual(findChromium({ PATH }, [path.join(dir, 'nothing-here')]), { path: onPath, foundVia: 'PATH' });
    assert.equal(findChromium({ PATH: path.join(dir, 'empty') }, [path.join(dir, 'nothing-here')]), undefined);
  });

  it('refuses a CHROMIUM_PATH that is not an executable, and says how to get one', () => {
    const notExecutable = path.join(dir, 'chrome.txt');
    writeFileSync(notExecutable, 'not a browser');
    for (const CHROMIUM_PATH of [notExecutable, path.join(dir, 'missing')]) {
      assert.throws(() => findChromium({ CHROMIUM_PATH }, []), /CHROMIUM_PATH=.* is not an executable file.*apt-get install -y chromium/);
    }
  });

  it('skips with a message when there is none, but fails under CI, which installs it', () => {
    const nowhere = { PATH: path.join(dir, 'empty') };
    let skipped = false;
    const ctx = {
      skip: (): never => {
        skipped = true;
        throw new Error('skipped');
      },
    };
    const warn = console.warn;
    const printed: string[] = [];
    console.warn = (message: string) => printed.push(message);
    try {
      assert.throws(() => chromiumOrSkip(ctx, nowhere, []), /skipped/);
    } finally {
      console.warn = warn;
    }
    assert.ok(skipped);
    assert.match(printed.join('\n'), /No Chromium found.*apt-get install -y chromium.*CHROMIUM_PATH/);

    skipped = false;
    assert.throws(() => chromiumOrSkip(ctx, { ...nowhere, CI: 'true' }, []), /No Chromium found.*\.ci\/run/);
    assert.equal(skipped, false);
  });
});
