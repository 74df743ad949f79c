import assert from 'node:assert/strict';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkProviderSettings } from '../../src/channels/providers';
import { readSendersFile, SendersFileError } from '../../src/senders/file';
import { MAX_ACCOUNTS, MAX_SENDERS_FILE_BYTES } from '../../src/senders/limits';
import { runCli } from '../support/cli';
import { testDb, testDbUrl } from '../support/database';
import { tableFingerprints } from '../support/tables';

const dir = mkdtempSync(path.join(tmpdir(), 'outreach-senders-bounds-'));
let n = 0;

function file(text: string | Buffer): string {
  const full = path.join(dir, `senders-${++n}.yaml`);
  writeFileSync(full, text);
  return full;
}

function problems(senders: string): { line: number; path: string; message: string }[] {
  try {
    readSendersFile(senders, checkProviderSettings);
  } catch (error) {
    if (error instanceof SendersFileError) return error.problems;
    throw error;
  }
  return assert.fail('the file was accepted');
}

const account = (i: number) => `  - { channel: x, provider: sandbox, handle: h${i} }`;

describe('the senders file\'s bounds', () => {
  it('refuses a file over its size, or not a regular file, before reading it', () => {
    const big = file('');
    truncateSync(big, MAX_SENDERS_FILE_BYTES + 1);
    assert.throws(() => readSendersFile(big), { name: 'InputFileError', message: `${big}: is 1,048,577 bytes, over the limit of 1,048,576 bytes for a senders file` });
    assert.throws(() => readSendersFile('/dev/zero'), { message: '/dev/zero: not a regular file (a character device); a senders file must be one' });
    assert.throws(() => readSendersFile(dir), { message: `${dir}: not a regular file (a folder); a senders file must be one` });
    const latin1 = file(Buffer.from('accounts:\n  - { channel: x, provider: sandbox, handle: caf\xe9 }\n', 'latin1'));
    assert.throws(() => readSendersFile(latin1), { name: 'InputEncodingError', message: new RegExp(`^${latin1.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: byte 0xE9 is not UTF-8`) });
  });

  it('refuses more accounts than the limit', () => {
    const senders = file(`accounts:\n${Array.from({ length: MAX_ACCOUNTS + 1 }, (_, i) => account(i)).join('\n')}\n`);
    assert.deepEqual(problems(senders), [{ line: 2, path: 'accounts', message: '1001 accounts, over the limit of 1000 for one senders file' }]);
    const most = file(`accounts:\n${Array.from({ length: MAX_ACCOUNTS }, (_, i) => account(i)).join('\n')}\n`);
    assert.equal(readSendersFile(most, checkProviderSettings).length, MAX_ACCOUNTS);
  });

  it('refuses an alias bomb, and nesting too deep to parse or to store', () => {
    const bomb = file(`a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
accounts: [*d]
`);
    assert.deepEqual(problems(bomb), [{ line: 2, path: '', message: 'aliases expand more than 100 times, the limit for a senders file (an alias bomb?)' }]);
    const deep = file(`accounts: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`);
    assert.deepEqual(problems(deep).slice(0, 1), [{ line: 1, path: '', message: 'nested too deeply to parse' }]);
    const nested = file(`accounts:\n  - { channel: x, provider: sandbox, handle: a, settings: { a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } } }\n`);
    assert.deepEqual(problems(nested), [{ line: 2, path: 'accounts[0].settings.a.b.c.d.e.f.g.h', message: 'nests deeper than 8 levels, the limit here' }]);
    const deepCredentials = file(`accounts:\n  - { channel: x, provider: sandbox, handle: a, credentials: { token: { nested: [env:A] } } }\n`);
    assert.deepEqual(problems(deepCredentials), [{ line: 2, path: 'accounts[0].credentials.token', message: 'nests deeper than 4 levels, the limit here' }]);
  });

  it('refuses text Postgres cannot store and strings over the limit, naming the field', () => {
    const senders = file(`accounts:
  - channel: x
    provider: sandbox
    handle: "al\\0ice"
    settings: { note: "half \\uD83D of an emoji", long: "${'y'.repeat(3000)}" }
  - { channel: x, provider: sandbox, handle: "${'h'.repeat(300)}" }
`);
    assert.deepEqual(problems(senders), [
      { line: 4, path: 'accounts[0].handle', message: 'contains a NUL character (\\u0000), which Postgres cannot store' },
      { line: 5, path: 'accounts[0].settings.note', message: 'contains a lone UTF-16 surrogate (half of an emoji?), which is not text' },
      { line: 5, path: 'accounts[0].settings.long', message: 'is 3,000 characters, over the limit of 2,048' },
      { line: 6, path: 'accounts[1].handle', message: 'Too big: expected string to have <=254 characters' },
    ]);
  });

  it('names the line of a YAML syntax error and of a bad shape', () => {
    assert.deepEqual(problems(file('accounts:\n  - channel: x\n    handle: "unterminated\n')), [{ line: 4, path: '', message: 'Missing closing "quote' }]);
    assert.deepEqual(problems(file('accounts:\n  - channel: x\n    channel: email\n')), [{ line: 3, path: '', message: 'Map keys must be unique' }]);
    assert.deepEqual(problems(file('- just a list\n')), [{ line: 1, path: '', message: 'Invalid input: expected object, received array' }]);
    assert.deepEqual(problems(file('accounts: []\n')), [{ line: 1, path: 'accounts', message: 'Too small: expected array to have >=1 items' }]);
  });

  it('a refused file leaves every table as it was', async () => {
    const db = await testDb();
    const before = await tableFingerprints(db);
    const result = await runCli(['sender', 'apply', file(`accounts:\n  - { channel: x, provider: sandbox, handle: "a\\0b" }\n`)], { DATABASE_URL: await testDbUrl() });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /:2: accounts\[0\]\.handle: contains a NUL character/);
    assert.deepEqual(await tableFingerprints(db), before);
  });
});
