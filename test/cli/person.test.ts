import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../support/cli';
import { testDbUrl } from '../support/database';
import { uniqueName, uniqueXHandle } from '../support/journeys';

describe('outreach person erase', function () {
  this.timeout(120_000);

  it('erases an imported person, says so per table, then finds nothing left; unknown persons are refused without their identifier printed', async () => {
    const env = { DATABASE_URL: await testDbUrl() };
    const email = `${uniqueName('erase')}@example.test`;
    const handle = uniqueXHandle('era');
    const dir = mkdtempSync(path.join(tmpdir(), 'outreach-person-'));
    const file = path.join(dir, 'people.csv');
    const other = `${uniqueName('erase')}@example.test`;
    writeFileSync(file, `first_name,last_name,email,x_handle,company\nAda,Lovelace,${email},@${handle},Engines\nBob,Babbage,${other},,Engines\n`);
    const imported = await runCli(['audience', 'import', uniqueName('erase'), file], env);
    assert.equal(imported.code, 0, imported.stderr);

    const erased = await runCli(['person', 'erase', '--identifier', email.toUpperCase(), '--json'], env);
    assert.equal(erased.code, 0, erased.stderr);
    const report = JSON.parse(erased.stdout);
    assert.match(report.personId, /^\d+$/);
    assert.equal(report.suppressionsAdded, 2);
    assert.equal(report.tables.emails, 1);
    assert.equal(report.tables.x_profiles, 1);
    assert.equal(report.tables.audience_members, 1);
    assert.equal(report.tables.persons, 1);
    assert.deepEqual(report.journeys, { ended: 0, terminated: 0, runsDeleted: 0, stillShown: 0 });

    const again = await runCli(['person', 'erase', report.personId], env);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`^person ${report.personId}: nothing left to erase \\(erased \\d{4}-`));
    const byIdentifier = await runCli(['person', 'erase', '--identifier', `x:@${handle}`], env);
    assert.equal(byIdentifier.code, 0, byIdentifier.stderr);
    assert.equal(byIdentifier.stdout.trim(), 'this identifier was erased before: nothing left to erase');

    const suppressed = await runCli(['suppress', 'list', '--json'], env);
    assert.equal(JSON.parse(suppressed.stdout).filter((s: { reason: string }) => s.reason === 'erased').length >= 2, true);
    for (const out of [erased, again, byIdentifier, suppressed]) assert.ok(!out.stdout.toLowerCase().includes(email) && !out.stdout.includes(handle), 'nothing printed names the person');

    const text = await runCli(['person', 'erase', '--identifier', `email:${other}`], env);
    assert.equal(text.code, 0, text.stderr);
    const lines = text.stdout.trim().split('\n');
    assert.match(lines[0] ?? '', /^erased person \d+:$/);
    assert.ok(lines.includes('  emails              1'), text.stdout);
    assert.ok(lines.includes('suppressions added (reason erased): 1'), text.stdout);
    assert.equal(lines.at(-1), 'journeys: 0 ended, 0 terminated; Temporal runs deleted: 0');

    const unknownId = await runCli(['person', 'erase', '999999999999'], env);
    assert.equal(unknownId.code, 1);
    assert.match(unknownId.stderr, /^outreach: person 999999999999: no such person/);
    const stranger = `${uniqueName('stranger')}@example.test`;
    const unknownIdentifier = await runCli(['person', 'erase', '--identifier', stranger], env);
    assert.equal(unknownIdentifier.code, 1);
    assert.equal(unknownIdentifier.stderr.trim(), 'outreach: --identifier: no person holds this email address');
    const notAnId = await runCli(['person', 'erase', 'ada'], env);
    assert.equal(notAnId.code, 1);
    assert.match(notAnId.stderr, /person ID "ada": expected a number/);
    assert.equal((await runCli(['person', 'erase'], env)).code, 1);
  });
});
