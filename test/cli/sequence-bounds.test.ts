import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { runCli } from '../support/cli';
import { testDb, testDbUrl } from '../support/database';
import { tableFingerprints } from '../support/tables';

const dir = mkdtempSync(path.join(tmpdir(), 'outreach-sequence-bounds-'));

function file(name: string, content: string | Buffer): string {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  return full;
}

const ONE_NODE = 'nodes: [{ id: a, action: CHECK_FOR_REPLY }]\nedges: [{ from: a, trigger: END }]\n';

describe('outreach sequence validate / publish: hostile files', function () {
  this.timeout(120_000);
  let env: Record<string, string>;
  let db: Knex;
  before(async () => {
    env = { DATABASE_URL: await testDbUrl() };
    db = await testDb();
  });

  /** Runs the command and asserts exit code 1, exactly `stderr`, and that no table changed. */
  async function refused(args: string[], stderr: string): Promise<void> {
    const before = await tableFingerprints(db);
    const result = await runCli(args, env);
    assert.equal(result.stderr, stderr);
    assert.equal(result.code, 1);
    assert.deepEqual(await tableFingerprints(db), before, 'no table changed');
  }

  it('refuses /dev/zero at once instead of reading it', async () => {
    await refused(['sequence', 'validate', '/dev/zero'], '/dev/zero: not a regular file (a character device); a sequence file must be one; nothing stored\n');
  });

  it('refuses a pipe without waiting for a writer', async () => {
    const fifo = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    await refused(['sequence', 'publish', fifo], `${fifo}: not a regular file (a pipe); a sequence file must be one; nothing stored\n`);
  });

  it('refuses a file over 1 MiB before reading it', async () => {
    const big = file('big.yaml', `name: big\ndescription: ${'x'.repeat(2 * 1024 * 1024)}\n${ONE_NODE}`);
    await refused(['sequence', 'publish', big], `${big}: is 2 MiB, over the limit of 1 MiB for a sequence file; nothing stored\n`);
  });

  it('refuses a YAML alias bomb by its alias count, in well under its growth time', async () => {
    const lines = ['name: bomb', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [i, k] of [...'bcdefghi'].entries()) lines.push(`${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`);
    const bomb = file('bomb.yaml', `${lines.join('\n')}\n`);
    await refused(
      ['sequence', 'publish', bomb],
      `${bomb}:4:8: d[0][0]: alias *b: more than 100 aliases expanded, the limit for a sequence file (an alias inside an anchored value counts once for every copy)\n` +
        `${bomb}: 1 problem; nothing stored\n`,
    );
  });

  it('refuses 100,000 levels of nesting without a stack overflow', async () => {
    const deep = file('deep.yaml', `${'- '.repeat(100_000)}x\n`);
    await refused(
      ['sequence', 'validate', deep],
      `${deep}:1:33: sequence: nested more than 16 levels deep, the limit for a sequence file (the format itself needs 5)\n${deep}: 1 problem; nothing stored\n`,
    );
  });

  it('names the trailing comma of a JSON file where it is', async () => {
    const json = file('comma.json', '{\n  "name": "comma",\n  "nodes": [{ "id": "a", "action": "CHECK_FOR_REPLY" }],\n  "edges": [{ "from": "a", "trigger": "END" },]\n}\n');
    await refused(
      ['sequence', 'publish', json],
      `${json}:4:46: JSON syntax error: trailing comma before "]": JSON allows no "," after the last item\n${json}: 1 problem; nothing stored\n`,
    );
  });

  it('refuses to publish a name no journey could carry, and a window of 27,000 years, together', async () => {
    const name = 'n'.repeat(2000);
    const text = `name: ${name}\nnodes: [{ id: a, action: CHECK_FOR_REPLY }]\nedges: [{ from: a, trigger: REPLIED, within: 9999999d }, { from: a, trigger: NOT_REPLIED }]\n`;
    const bad = file('huge-name.yaml', text);
    await refused(
      ['sequence', 'publish', bad],
      `${bad}:1:7: sequence: "name" is 2,000 characters long; at most 100 (it is part of every journey's workflow id, journey-<name>-<person id>, and of the OutreachSequence search attribute)\n` +
        `${bad}:3:46: edge #1 (a -> (end), REPLIED): within "9999999d" is longer than 90d, the longest window (a journey checks for the outcome on every tick while it waits)\n` +
        `${bad}: 2 problems; nothing stored\n`,
    );
  });

  it('says how to read a Latin-1 file, and reads it with --encoding', async () => {
    const latin = file('latin.yaml', Buffer.from(`name: latin\ndescription: caf\u00e9\n${ONE_NODE}`, 'latin1'));
    await refused(
      ['sequence', 'publish', latin],
      `${latin}:2: byte 0xE9 is not UTF-8; the file looks like Latin-1 or Windows-1252. Pass --encoding windows-1252 (or latin1) where the command takes it, ` +
        `or convert it with \`iconv -f WINDOWS-1252 -t UTF-8 ${latin} > converted\`; nothing stored\n`,
    );
    const read = await runCli(['sequence', 'validate', '--encoding', 'windows-1252', '--json', latin], env);
    assert.equal(read.code, 0, read.stderr);
    assert.deepEqual(JSON.parse(read.stdout), { file: latin, valid: true, name: 'latin', nodes: 1, edges: 1 });
  });

  it('reports a read refusal as JSON when asked', async () => {
    const result = await runCli(['sequence', 'validate', '--json', dir], env);
    assert.equal(result.code, 1);
    assert.deepEqual(JSON.parse(result.stdout), {
      file: dir,
      valid: false,
      total: 1,
      problems: [{ message: `${dir}: not a regular file (a folder); a sequence file must be one` }],
    });
  });
});
