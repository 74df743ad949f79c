import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../support/cli';
import { testDbUrl } from '../support/database';
import { uniqueName } from '../support/journeys';

describe('outreach suppress', function () {
  this.timeout(120_000);

  it('adds, lists, exports, imports (naming bad lines) and removes, never printing an identifier back', async () => {
    const env = { DATABASE_URL: await testDbUrl() };
    const email = `${uniqueName('cli')}@example.test`;
    const added = await runCli(['suppress', 'add', email, '--reason', 'unsubscribed', '--json'], env);
    assert.equal(added.code, 0, added.stderr);
    assert.equal(JSON.parse(added.stdout).added, 1);
    assert.match((await runCli(['suppress', 'add', email.toUpperCase()], env)).stdout, /^suppressed: 0 added/, 'already in force');

    const list = await runCli(['suppress', 'list'], env);
    assert.match(list.stdout, /email\s+\S{12}\s+global\s+unsubscribed\s+cli/);
    const exported = await runCli(['suppress', 'export'], env);
    assert.match(exported.stdout, /^identifier_hash,identifier_kind,scope,channel,sender_account_id,reason,source,created_at,expires_at,removed_at\n/);
    assert.ok(!list.stdout.includes(email) && !exported.stdout.includes(email), 'the list names nobody');

    const dir = mkdtempSync(path.join(tmpdir(), 'outreach-suppress-'));
    const file = path.join(dir, 'optouts.csv');
    const good = `${uniqueName('cli')}@example.test`;
    writeFileSync(file, `identifier,reason\n${good},complained\nnot an email@,manual\n@${uniqueName('x').replace('-', '_').slice(0, 15)},bogus\n`);
    const imported = await runCli(['suppress', 'import', file], env);
    assert.equal(imported.code, 1);
    assert.match(imported.stdout, /^suppressed: 1 added/);
    assert.deepEqual(imported.stderr.trim().split('\n'), [`${file}:3: identifier: invalid email "not an email@"`, `${file}:4: reason "bogus": expected one of unsubscribed, bounced, complained, replied_opt_out, manual, erased`]);

    const removed = await runCli(['suppress', 'remove', email], env);
    assert.equal(removed.stdout.trim(), 'removed: 1 suppression lifted');
    const bad = await runCli(['suppress', 'add', 'email:nope'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /invalid email "nope"/);
  });
});
