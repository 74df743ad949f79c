import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Knex } from 'knex';
import { runCli, type CliResult } from '../support/cli';
import { testDb, testDbUrl } from '../support/database';
import { uniqueName } from '../support/journeys';
import { tableFingerprints } from '../support/tables';

const dir = mkdtempSync(path.join(tmpdir(), 'outreach-encoding-'));

function file(name: string, bytes: Buffer | string): string {
  const at = path.join(dir, name);
  writeFileSync(at, bytes);
  return at;
}

function people(tag: string): string {
  return `email,first_name,company\n${tag}.jose@example.com,José,Société Générale\n${tag}.zoe@example.com,Zoë,Ärzte AG\n`;
}

describe('outreach audience import with files in other encodings, as a user runs it', function () {
  this.timeout(120_000);
  let env: Record<string, string>;
  let db: Knex;
  before(async () => {
    env = { DATABASE_URL: await testDbUrl() };
    db = await testDb();
  });

  /** Runs a command that must fail with one line on stderr and leave every table as it was. */
  async function refused(args: string[]): Promise<CliResult> {
    const before = await tableFingerprints(db);
    const result = await runCli(['audience', 'import', ...args], env);
    assert.equal(result.code, 1, result.stderr);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    assert.deepEqual(await tableFingerprints(db), before, 'no table changed');
    return result;
  }

  async function variablesOf(audience: string): Promise<string[]> {
    const rows: { variables: Record<string, string> }[] = await db('audience_members as m')
      .join('audiences as a', 'a.id', 'm.audience_id')
      .where('a.name', audience)
      .select('m.variables');
    return rows.map((r) => `${r.variables.first_name} / ${r.variables.company}`).sort();
  }

  it('refuses a Latin-1 file naming the line, the byte and the way out; --encoding latin1 imports it with its accents', async () => {
    const tag = uniqueName('l').replace(/-/g, '');
    const latin1 = file(`${tag}.csv`, iconv.encode(people(tag), 'latin1'));
    const result = await refused([uniqueName('latin1'), latin1]);
    assert.equal(
      result.stderr,
      `outreach: ${latin1}:2: byte 0xE9 is not UTF-8; the file looks like Latin-1 or Windows-1252. Pass --encoding windows-1252 (or latin1) ` +
        `where the command takes it, or convert it with \`iconv -f WINDOWS-1252 -t UTF-8 ${latin1} > converted\`\n`,
    );
    const name = uniqueName('latin1');
    const imported = await runCli(['audience', 'import', name, latin1, '--encoding', 'latin1', '--json'], env);
    assert.equal(imported.code, 0, imported.stderr);
    assert.deepEqual(JSON.parse(imported.stdout).encoding, 'latin1');
    assert.deepEqual(await variablesOf(name), ['José / Société Générale', 'Zoë / Ärzte AG']);
  });

  it('imports UTF-16 with a byte-order mark; refuses it without one saying so, and imports it with --encoding', async () => {
    const tag = uniqueName('u').replace(/-/g, '');
    const withBom = uniqueName('utf16');
    const bom = await runCli(['audience', 'import', withBom, file(`${tag}-bom.csv`, iconv.encode(people(`${tag}b`), 'utf-16le', { addBOM: true }))], env);
    assert.equal(bom.code, 0, bom.stderr);
    assert.deepEqual(await variablesOf(withBom), ['José / Société Générale', 'Zoë / Ärzte AG']);

    const le = file(`${tag}-le.csv`, iconv.encode(people(`${tag}l`), 'utf-16le'));
    assert.match((await refused([uniqueName('utf16'), le])).stderr, new RegExp(`^outreach: ${le}: looks like UTF-16 LE without a byte-order mark, not UTF-8; pass --encoding utf-16le`));
    const be = file(`${tag}-be.csv`, iconv.encode(people(`${tag}e`), 'utf-16be'));
    assert.match((await refused([uniqueName('utf16'), be])).stderr, new RegExp(`^outreach: ${be}: looks like UTF-16 BE without a byte-order mark`));
    assert.match((await refused([uniqueName('utf16'), be, '--encoding', 'utf-16le'])).stderr, /--encoding utf-16le, but the file looks like UTF-16 BE; pass --encoding utf-16be\n$/);

    const told = uniqueName('utf16');
    const imported = await runCli(['audience', 'import', told, le, '--encoding', 'utf-16le'], env);
    assert.equal(imported.code, 0, imported.stderr);
    assert.deepEqual(await variablesOf(told), ['José / Société Générale', 'Zoë / Ärzte AG']);
  });

  it('reports a row holding a NUL byte by its line, as a bad row, and imports the others', async () => {
    const tag = uniqueName('n').replace(/-/g, '');
    const nul = file(`${tag}.csv`, `email,first_name\n${tag}.a@example.com,Ada\n${tag}.b@example.com,B\u0000b\n${tag}.c@example.com,Cy\n`);
    const result = await runCli(['audience', 'import', uniqueName('nul'), nul, '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, new RegExp(`${tag}\\.csv:3: column 2 \\("first_name"\\) holds a NUL byte \\(0x00\\), which text cannot hold\n`));
    assert.doesNotMatch(result.stderr, /invalid byte sequence|0x00.*UTF8/);
    assert.deepEqual([JSON.parse(result.stdout).imported, JSON.parse(result.stdout).badRows], [2, 1]);
  });

  it('refuses bad options and names before opening the file, naming the option; nothing is written', async () => {
    const good = file(`${uniqueName('o')}.csv`, people(uniqueName('o').replace(/-/g, '')));
    const unknown = await refused([uniqueName('x'), good, '--encoding', 'klingon']);
    assert.match(unknown.stderr, /^error: option '--encoding <name>' argument 'klingon' is invalid\. --encoding klingon: unknown encoding \(try utf-8, latin1, windows-1252, utf-16le, utf-16be\)\n/);
    assert.match((await refused([uniqueName('x'), good, '--encoding', 'base64'])).stderr, /--encoding base64: not a text encoding/);
    assert.match((await refused([uniqueName('x'), good, '--batch-size', '60000'])).stderr, /--batch-size 60000: expected a whole number from 1 to 50,000/);
    assert.equal((await refused(['x'.repeat(201), good])).stderr, 'outreach: audience name: 201 characters; the limit is 200\n');
    assert.equal((await refused(['two\nlines', good])).stderr, 'outreach: audience name: holds a control character (0x0A at character 4); use a name on one line\n');
    assert.match((await refused([uniqueName('x'), good, '--encoding', 'windows-1252'])).stderr, /:2: the file is already UTF-8 \(this line's non-ASCII text is valid UTF-8\); reading it as windows-1252 would garble it/);
  });

  it('writes nothing when the audience name is taken, the file is unusable or no row is good', async () => {
    const tag = uniqueName('t').replace(/-/g, '');
    const name = uniqueName('taken');
    const good = file(`${tag}.csv`, people(tag));
    assert.equal((await runCli(['audience', 'import', name, good], env)).code, 0);
    assert.match((await refused([name, good])).stderr, /^outreach: audience ".*" already exists; an audience is a snapshot, so choose a new name\n$/);
    assert.match((await refused([uniqueName('x'), path.join(dir, 'missing.csv')])).stderr, /missing\.csv: no such file\n$/);
    assert.match((await refused([uniqueName('x'), dir])).stderr, /: not a file\n$/);
    assert.match((await refused([uniqueName('x'), file(`${tag}-h.csv`, 'name,city\nAda,Paris\n')])).stderr, /no identifier column/);
    assert.match((await refused([uniqueName('x'), file(`${tag}.xlsx.csv`, Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'))])).stderr, /a ZIP archive \(an Excel \.xlsx or OpenDocument \.ods workbook\?\), not a CSV file/);
    const bad = await refused([uniqueName('x'), file(`${tag}-bad.csv`, 'email,first_name\nnot-an-email,Ada\n,Bob\n')]);
    assert.match(bad.stderr, /nothing imported .*: no good rows; audience ".*" not created/);
  });
});
