import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readTextFile } from '../../src/input/text-file';
import { positiveInt } from '../../src/cli/options';

const opts = { what: 'sequence file', maxBytes: 1024 * 1024 };

describe('readTextFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'text-file-'));

  it('reads a file whose size the file system does not know (/proc) to its end', () => {
    const text = readTextFile('/proc/self/status', opts);
    assert.match(text, /^Name:/);
    assert.match(text, /\nPid:\s+\d+/);
  });

  it('refuses devices, folders and missing files before reading', () => {
    assert.throws(() => readTextFile('/dev/zero', opts), { message: '/dev/zero: not a regular file (a character device); a sequence file must be one' });
    assert.throws(() => readTextFile(dir, opts), { message: `${dir}: not a regular file (a folder); a sequence file must be one` });
    assert.throws(() => readTextFile(path.join(dir, 'nope'), opts), { message: `${path.join(dir, 'nope')}: no such file` });
  });

  it('names exact byte counts when a file is only a little over its limit', () => {
    const file = path.join(dir, 'just-over.yaml');
    writeFileSync(file, 'a'.repeat(opts.maxBytes + 14));
    assert.throws(() => readTextFile(file, opts), {
      message: `${file}: is 1,048,590 bytes, over the limit of 1,048,576 bytes for a sequence file`,
    });
    writeFileSync(file, 'a'.repeat(3 * opts.maxBytes));
    assert.throws(() => readTextFile(file, opts), { message: `${file}: is 3 MiB, over the limit of 1 MiB for a sequence file` });
  });
});

describe('positiveInt (command line numbers)', () => {
  const concurrency = positiveInt('--concurrency', 500);

  it('takes whole numbers from 1 to its bound', () => {
    assert.equal(concurrency('1'), 1);
    assert.equal(concurrency('500'), 500);
  });

  it('refuses zero, fractions, exponents, words and numbers over the bound, naming the option and the bound', () => {
    for (const bad of ['0', '1.5', '1e3', 'abc', '', '501', '99999999999999999999']) {
      assert.throws(() => concurrency(bad), { message: `--concurrency ${bad}: expected a whole number from 1 to 500` });
    }
  });
});
