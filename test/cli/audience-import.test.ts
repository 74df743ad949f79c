import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../support/cli';
import { testDb, testDbUrl } from '../support/database';
import { uniqueName } from '../support/journeys';

const dir = mkdtempSync(path.join(tmpdir(), 'outreach-audiences-'));

function csv(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('outreach audience import and create, as a user runs them', function () {
  this.timeout(60_000);
  let env: Record<string, string>;
  before(async () => {
    env = { DATABASE_URL: await testDbUrl() };
  });

  it('links rows that share an identifier into one person, within a file and across files, and reports bad rows by line', async () => {
    const tag = uniqueName('p').replace(/-/g, '');
    const first = csv(`${tag}-1.csv`, [
      'first_name,x_handle,email,company',
      `Ada,@${tag}a,${tag}.ada@example.com,Acme`,
      `Ada,,${tag}.ada@example.com,Acme`,
      `Bob,@${tag}b,,Initech`,
      `Bad,,not-an-email,Nowhere`,
      `Nobody,,,Nowhere`,
    ]);
    const imported = await runCli(['audience', 'import', uniqueName('first'), first, '--json'], env);
    assert.equal(imported.code, 0, imported.stderr);
    const r1 = JSON.parse(imported.stdout);
    assert.deepEqual([r1.rows, r1.imported, r1.badRows, r1.members], [5, 3, 2, 2]);
    assert.match(imported.stderr, new RegExp(`${tag}-1\\.csv:5: .*not-an-email`));
    assert.match(imported.stderr, new RegExp(`${tag}-1\\.csv:6: `));

    const second = csv(`${tag}-2.csv`, ['first_name,email,x_handle', `Robert,${tag}.bob@example.com,@${tag}b`]);
    const again = JSON.parse((await runCli(['audience', 'import', uniqueName('second'), second, '--json'], env)).stdout);
    assert.equal(again.personsCreated, 0, 'Bob from the second file is the Bob of the first');
    const db = await testDb();
    const bobs = await db('x_profiles').where({ handle: `${tag}b` }).pluck('person_id');
    const viaEmail = await db('emails').where({ address: `${tag}.bob@example.com` }).pluck('person_id');
    assert.deepEqual(viaEmail, bobs);
  });

  it('keeps an audience a snapshot: later imports and merges change neither its members nor their variables', async () => {
    const tag = uniqueName('s').replace(/-/g, '');
    const name = uniqueName('snapshot');
    const file = csv(`${tag}-a.csv`, ['first_name,email,company', `Cy,${tag}.cy@example.com,Acme`, `Di,${tag}.di@example.com,Globex`]);
    assert.equal((await runCli(['audience', 'import', name, file], env)).code, 0);
    const before = JSON.parse((await runCli(['audience', 'show', name, '--json'], env)).stdout);

    const later = csv(`${tag}-b.csv`, [
      'first_name,email,company,x_handle',
      `Cyrus,${tag}.cy@example.com,Hooli,@${tag}cy`,
      `Di,${tag}.di@example.com,Globex,@${tag}cy`,
      `Eve,${tag}.eve@example.com,Umbrella,`,
    ]);
    assert.equal((await runCli(['audience', 'import', uniqueName('later'), later], env)).code, 0);
    const after = JSON.parse((await runCli(['audience', 'show', name, '--json'], env)).stdout);
    assert.equal(after.members, before.members);
    assert.equal(after.mergedSince, 1, 'the merge of Cy and Di after the snapshot is reported, not applied');
    const db = await testDb();
    const variables = await db('audience_members as m').join('audiences as a', 'a.id', 'm.audience_id').where('a.name', name).pluck('m.variables');
    assert.deepEqual(variables.map((v: Record<string, string>) => v.company).sort(), ['Acme', 'Globex']);
  });

  it('creates an audience from a filter over the graph, and refuses a name already taken', async () => {
    const tag = uniqueName('f').replace(/-/g, '');
    const file = csv(`${tag}.csv`, ['first_name,email,x_handle,tags', `Fay,${tag}.fay@example.com,,${tag}`, `Gil,,@${tag}g,${tag}`]);
    assert.equal((await runCli(['audience', 'import', uniqueName('source'), file], env)).code, 0);
    const name = uniqueName('email-only');
    const created = await runCli(['audience', 'create', name, '--from', `tag:${tag} and has:email and not has:x`, '--json'], env);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(JSON.parse(created.stdout).members, 1);
    const taken = await runCli(['audience', 'create', name, '--from', `tag:${tag}`], env);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, new RegExp(name));
  });
});
