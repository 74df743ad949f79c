import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { runCli, type CliResult } from '../support/cli';
import { testDb, testDbUrl } from '../support/database';

const dir = mkdtempSync(path.join(tmpdir(), 'audience-cli-'));

/** A short token unique to this run: identifiers, tags and audience names never collide with other tests. */
const token = () => randomUUID().replace(/-/g, '').slice(0, 10);
const wallet = (seed: string) => `0x${seed.padStart(40, '0')}`;
/** Base58 has no 0: a token's zeros become z. */
const solana = (seed: string) => `7EcDhSYGxXyscszYEp35KHN8vvw3svAu${seed.replace(/0/g, 'z')}`;

function csv(name: string, lines: string[]): string {
  const file = path.join(dir, `${name}-${token()}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function personOfEmail(db: Knex, email: string): Promise<string> {
  const row = await db('emails').where({ address: email }).first('person_id');
  assert.ok(row, `no person has ${email}`);
  return String(row.person_id);
}

async function members(db: Knex, audience: string): Promise<{ person_id: string; variables: Record<string, string> }[]> {
  return db('audience_members as m')
    .join('audiences as a', 'a.id', 'm.audience_id')
    .where('a.name', audience)
    .orderBy('m.person_id')
    .select(db.raw('m.person_id::text as person_id'), 'm.variables');
}

describe('outreach audience', function () {
  this.timeout(120_000);
  let db: Knex;
  let env: Record<string, string>;
  const cli = (...args: string[]): Promise<CliResult> => runCli(['audience', ...args], env);
  const json = (r: CliResult) => {
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };

  before(async () => {
    db = await testDb();
    env = { DATABASE_URL: await testDbUrl() };
  });

  it('imports a CSV as one person per human, reporting bad rows by line and importing the rest', async () => {
    const u = token();
    const file = csv('people', [
      'First Name,Last_Name,Twitter,EMAIL,wallet,chain,company,tags',
      `Ada,Lovelace,@Ada_${u},ada.${u}@example.com,${wallet('a1')},,Engines,vip;early`,
      `Ada,,,ADA.${u}@Example.com,,,"Analytical, Engines",`,
      `Grace,Hopper,gr_${u},,,,Navy,vip`,
      `Bad,Email,,not-an-email,,,Acme,`,
      `Bad,Wallet,,bad.${u}@example.com,0x1234,ethereum,Acme,`,
      `No,Identifier,,,,,Acme,`,
      `Short,Row`,
      `Sol,Ana,,,${solana(u)},sol,Acme,`,
    ]);
    const audience = `people-${u}`;
    const result = await cli('import', audience, file, '--json');

    assert.equal(result.code, 0, result.stderr);
    for (const expected of [
      `${file}:5: invalid email "not-an-email"`,
      `${file}:6: invalid ethereum address "0x1234" (0x + 40 hex digits)`,
      `${file}:7: no identifier (x_user_id, x_handle, email, crypto_address or linkedin_url)`,
      `${file}:8: expected 8 columns, found 2`,
    ]) {
      assert.ok(result.stderr.includes(expected), `stderr lacks "${expected}":\n${result.stderr}`);
    }
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.deepEqual(
      { rows: out.rows, imported: out.imported, badRows: out.badRows, members: out.members },
      { rows: 8, imported: 4, badRows: 4, members: 3 },
    );
    assert.deepEqual((out.problems as { line: number }[]).map((p) => p.line), [5, 6, 7, 8]);

    const ada = await personOfEmail(db, `ada.${u}@example.com`);
    const snapshot = await members(db, audience);
    assert.equal(snapshot.length, 3);
    assert.deepEqual(snapshot.find((m) => m.person_id === ada)?.variables, {
      first_name: 'Ada',
      last_name: 'Lovelace',
      full_name: 'Ada Lovelace',
      x_handle: `ada_${u}`,
      x_user_id: '',
      email: `ada.${u}@example.com`,
      linkedin_url: '',
      crypto_address: wallet('a1'),
      company: 'Analytical, Engines',
    });
    const person = await db('persons').where({ id: ada }).first();
    assert.deepEqual(person?.tags, ['vip', 'early']);
  });

  it('links rows across files, and merges two persons a later row joins into the older one', async () => {
    const u = token();
    const first = csv('first', ['email,company', `m.${u}@example.com,Old Co`]);
    const second = csv('second', ['x_handle,linkedin_url', `m_${u},linkedin.com/in/m-${u}`]);
    assert.equal((await cli('import', `first-${u}`, first)).code, 0);
    assert.equal((await cli('import', `second-${u}`, second)).code, 0);
    const older = await personOfEmail(db, `m.${u}@example.com`);
    const younger = String((await db('x_profiles').where({ handle: `m_${u}` }).first('person_id'))?.person_id);
    assert.notEqual(older, younger);
    const before = await members(db, `second-${u}`);

    const joining = csv('joining', ['email,x_handle,company', `M.${u}@example.com,@M_${u},New Co`]);
    const result = json(await cli('import', `joined-${u}`, joining, '--json'));

    assert.deepEqual({ created: result.personsCreated, merged: result.personsMerged, members: result.members }, { created: 0, merged: 1, members: 1 });
    assert.equal((await db('x_profiles').where({ handle: `m_${u}` }).first('person_id'))?.person_id, older);
    assert.equal((await db('linkedin_profiles').where({ url: `https://www.linkedin.com/in/m-${u}` }).first('person_id'))?.person_id, older);
    const tombstone = await db('persons').where({ id: younger }).first();
    assert.equal(String((tombstone as unknown as { merged_into: string }).merged_into), older);
    const evidence = await db('identity_links').where({ person_id: older, source: `csv:${path.basename(joining)}:2` });
    assert.deepEqual(evidence.map((l) => [l.kind_a, l.value_a, l.kind_b, l.value_b]), [['x_handle', `m_${u}`, 'email', `m.${u}@example.com`]]);
    assert.deepEqual((await members(db, `joined-${u}`)).map((m) => [m.person_id, m.variables.company]), [[older, 'New Co']]);
    assert.deepEqual(await members(db, `second-${u}`), before, 'an earlier snapshot keeps the person id and variables it captured');
  });

  it('re-imports a file without duplicating anyone, and refuses to refill an audience name', async () => {
    const u = token();
    const file = csv('again', ['x_user_id,x_handle,email', `9${u.replace(/\D/g, '1')},r1_${u},r1.${u}@example.com`, `,r2_${u},`, `,R2_${u},r2.${u}@example.com`]);
    const first = json(await cli('import', `again-${u}`, file, '--json'));
    const refill = await cli('import', `again-${u}`, file);
    const second = json(await cli('import', `again2-${u}`, file, '--json'));

    assert.deepEqual({ created: first.personsCreated, members: first.members }, { created: 2, members: 2 });
    assert.equal(refill.code, 1);
    assert.match(refill.stderr, new RegExp(`audience "again-${u}" already exists; an audience is a snapshot, so choose a new name`));
    assert.deepEqual({ created: second.personsCreated, merged: second.personsMerged, members: second.members }, { created: 0, merged: 0, members: 2 });
    const ids = (await members(db, `again2-${u}`)).map((m) => m.person_id);
    assert.deepEqual((await members(db, `again-${u}`)).map((m) => m.person_id), ids);
    assert.equal(Number((await db('identity_links').whereIn('person_id', ids).count({ n: '*' }).first())?.n), 3);
  });

  it('exits 1 on a file it cannot use, and creates nothing when no row is good', async () => {
    const u = token();
    const missing = await cli('import', `missing-${u}`, path.join(dir, 'nope.csv'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.csv: no such file/);

    const noIdentifier = await cli('import', `noid-${u}`, csv('noid', ['name,company', 'Ada,Engines']));
    assert.equal(noIdentifier.code, 1);
    assert.match(noIdentifier.stderr, /no identifier column: expected one of x_user_id, x_handle, email, crypto_address, linkedin_url/);

    const allBad = csv('allbad', ['email,name', 'nope,Ada', 'also-nope,Grace']);
    const bad = await cli('import', `allbad-${u}`, allBad);
    assert.equal(bad.code, 1);
    assert.ok(bad.stderr.includes(`${allBad}:3: invalid email "also-nope"`), bad.stderr);
    assert.match(bad.stderr, new RegExp(`nothing imported from .*: no good rows; audience "allbad-${u}" not created`));
    assert.equal(await db('audiences').whereIn('name', [`missing-${u}`, `noid-${u}`, `allbad-${u}`]).first(), undefined);
  });

  it('selects people by filter: has:, tag:, chain:, audience:, and, comma, or, not and parentheses', async () => {
    const u = token();
    const t = `t${u}`;
    const file = csv('filter', [
      'x_handle,email,crypto_address,crypto_chain,linkedin_url,tags',
      `f1_${u},f1.${u}@example.com,,,,${t}`,
      `,f2.${u}@example.com,,,,${t}`,
      `,,${solana(u)},solana,,${t}`,
      `,,,,linkedin.com/in/f4-${u},${t};${t}-b`,
    ]);
    assert.equal((await cli('import', `filter-src-${u}`, file)).code, 0);
    const count = async (filter: string) => json(await cli('create', `dry-${u}`, '--from', filter, '--dry-run', '--json')).members;

    assert.equal(await count(`tag:${t} and has:x`), 1);
    assert.equal(await count(`tag:${t} and (has:email or has:linkedin)`), 3);
    assert.equal(await count(`tag:${t}, not has:email`), 2);
    assert.equal(await count(`tag:${t} and chain:SOL`), 1);
    assert.equal(await count(`tag:${t} and has:crypto and not chain:solana`), 0);
    assert.equal(await count(`audience:filter-src-${u} and not tag:${t}-b`), 3);
    assert.equal(await count(`tag:${t}-b or tag:${t}-none`), 1);
    assert.equal(await db('audiences').where({ name: `dry-${u}` }).first(), undefined, 'a dry run creates nothing');

    const created = json(await cli('create', `reach-${u}`, '--from', `tag:${t} and not has:linkedin`, '--json'));
    assert.equal(created.members, 3);
    const shown = json(await cli('show', `reach-${u}`, '--json'));
    assert.deepEqual(shown.reachable, { x: 1, email: 2, linkedin: 0, crypto: 1 });
    assert.deepEqual((shown.source as { expression: string }).expression, `tag:${t} and not has:linkedin`);
    const listed = JSON.parse((await cli('list', '--json')).stdout) as { name: string; members: number }[];
    assert.deepEqual(listed.find((a) => a.name === `reach-${u}`)?.members, 3);
  });

  it('keeps a snapshot as it was when later imports edit and merge its people', async () => {
    const u = token();
    const t = `s${u}`;
    assert.equal((await cli('import', `iso-src-${u}`, csv('iso', ['email,company,tags', `i1.${u}@example.com,Before,${t}`, `i2.${u}@example.com,Before,${t}`]))).code, 0);
    assert.equal((await cli('create', `iso-${u}`, '--from', `tag:${t}`)).code, 0);
    const snapshot = await members(db, `iso-${u}`);
    assert.deepEqual(snapshot.map((m) => m.variables.company), ['Before', 'Before']);

    const later = csv('iso-later', ['email,x_handle,company,tags', `i1.${u}@example.com,i_${u},After,${t}`, `i2.${u}@example.com,i_${u},After,${t}`, `i3.${u}@example.com,,New,${t}`]);
    const merged = json(await cli('import', `iso-later-${u}`, later, '--json'));

    assert.equal(merged.personsMerged, 1);
    assert.deepEqual(await members(db, `iso-${u}`), snapshot);
    assert.equal(json(await cli('show', `iso-${u}`, '--json')).mergedSince, 1);
    assert.equal(json(await cli('create', `iso-now-${u}`, '--from', `tag:${t}`, '--dry-run', '--json')).members, 2);
  });

  it('names the column of a filter it cannot read, and an audience that does not exist', async () => {
    const u = token();
    const bad = await cli('create', `bad-${u}`, '--from', 'has:x and (tag:vip');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /filter, column 19: expected "\)" to close the "\(" at column 11, found the end/);
    const unknown = await cli('create', `bad-${u}`, '--from', `audience:none-${u}`);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, new RegExp(`no audience named "none-${u}"`));
    const show = await cli('show', `none-${u}`);
    assert.equal(show.code, 1);
  });

  it('explains every command with --help', async () => {
    for (const command of [[], ['import'], ['create'], ['list'], ['show']]) {
      const help = await cli(...command, '--help');
      assert.equal(help.code, 0, help.stderr);
      assert.match(help.stdout, /^Usage: outreach audience/);
    }
    assert.match((await cli('create', '--help')).stdout, /has:x {2}has:email {2}has:crypto {2}has:linkedin {2}tag:NAME/);
    assert.match((await cli('import', '--help')).stdout, /crypto_address \+ crypto_chain \(default ethereum\)/);
  });
});
