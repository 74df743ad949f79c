import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Knex } from 'knex';
import { UnusableFileError } from '../../src/identity/columns';
import { openCsv } from '../../src/identity/csv-source';
import { importAudience, type ImportResult } from '../../src/identity/import';
import { InputEncodingError } from '../../src/input/encoding';
import { testDb } from '../support/database';
import { uniqueName } from '../support/journeys';
import { tableFingerprints } from '../support/tables';

const dir = mkdtempSync(path.join(tmpdir(), 'csv-encoding-'));

function file(name: string, bytes: Buffer | string): string {
  const at = path.join(dir, name);
  writeFileSync(at, bytes);
  return at;
}

/** Rows with accents, a unique tag per test so that rows of earlier tests never match. */
function people(tag: string): string {
  return `email,first_name,last_name,city\n${tag}.jose@example.com,José,Müller,Zürich\n${tag}.zoe@example.com,Zoë,Ångström,Malmö\n`;
}

async function namesOf(db: Knex, tag: string): Promise<string[]> {
  const rows: { first_name: string; last_name: string; city: string }[] = await db('persons as p')
    .join('emails as e', 'e.person_id', 'p.id')
    .where('e.address', 'like', `${tag}.%`)
    .orderBy('e.address')
    .select('p.first_name', 'p.last_name', db.raw("p.attributes->>'city' as city"));
  return rows.map((r) => `${r.first_name} ${r.last_name}, ${r.city}`);
}

describe('CSV imports in other encodings, and bytes that are no text', function () {
  this.timeout(120_000);
  let db: Knex;
  before(async () => {
    db = await testDb();
  });

  /** Runs an import that must be refused and checks that no table changed; returns the message. */
  async function refused(opts: Parameters<typeof importAudience>[1], kind: new (...args: never[]) => Error = InputEncodingError): Promise<string> {
    const before = await tableFingerprints(db);
    const error = await importAudience(db, opts).then(
      (result: ImportResult) => assert.fail(`imported ${result.imported} rows`),
      (e: unknown) => e as Error,
    );
    assert.ok(error instanceof kind, String(error));
    assert.deepEqual(await tableFingerprints(db), before, 'no table changed');
    return error.message;
  }

  it('refuses a Latin-1 file at its first bad byte, naming the line, the byte and the way out; imports it with --encoding latin1', async () => {
    const tag = uniqueName('l1').replace(/-/g, '');
    const latin1 = file(`${tag}.csv`, iconv.encode(people(tag), 'latin1'));
    assert.equal(
      await refused({ audience: uniqueName('latin1'), file: latin1 }),
      `${latin1}:2: byte 0xE9 is not UTF-8; the file looks like Latin-1 or Windows-1252. Pass --encoding windows-1252 (or latin1) where ` +
        `the command takes it, or convert it with \`iconv -f WINDOWS-1252 -t UTF-8 ${latin1} > converted\``,
    );
    const result = await importAudience(db, { audience: uniqueName('latin1'), file: latin1, encoding: 'latin1' });
    assert.deepEqual([result.imported, result.badRows, result.encoding], [2, 0, 'latin1']);
    assert.deepEqual(await namesOf(db, tag), ['José Müller, Zürich', 'Zoë Ångström, Malmö']);
  });

  it('imports UTF-16 with a byte-order mark, little- and big-endian', async () => {
    for (const [encoding, found] of [['utf-16le', 'utf-16le (BOM)'], ['utf-16be', 'utf-16be (BOM)']] as const) {
      const tag = uniqueName('u16').replace(/-/g, '');
      const result = await importAudience(db, { audience: uniqueName('utf16'), file: file(`${tag}.csv`, iconv.encode(people(tag), encoding, { addBOM: true })) });
      assert.deepEqual([result.imported, result.encoding], [2, found]);
      assert.deepEqual(await namesOf(db, tag), ['José Müller, Zürich', 'Zoë Ångström, Malmö']);
    }
  });

  it('refuses UTF-16 without a byte-order mark saying so, not as "no identifier column"; imports it with --encoding', async () => {
    for (const [encoding, endian] of [['utf-16le', 'LE'], ['utf-16be', 'BE']] as const) {
      const tag = uniqueName('nobom').replace(/-/g, '');
      const bare = file(`${tag}.csv`, iconv.encode(people(tag), encoding));
      const message = await refused({ audience: uniqueName('utf16'), file: bare });
      assert.match(message, new RegExp(`^${bare}: looks like UTF-16 ${endian} without a byte-order mark, not UTF-8; pass --encoding ${encoding}`));
      const result = await importAudience(db, { audience: uniqueName('utf16'), file: bare, encoding });
      assert.equal(result.imported, 2);
      assert.deepEqual(await namesOf(db, tag), ['José Müller, Zürich', 'Zoë Ångström, Malmö']);
    }
  });

  it('refuses a bad byte deep in a large file before writing a row, though the rows before it are good', async () => {
    const tag = uniqueName('deep').replace(/-/g, '');
    const good = Array.from({ length: 20_000 }, (_, i) => `${tag}.${i}@example.com,Person ${i}`).join('\n');
    const deep = file(`${tag}.csv`, Buffer.concat([Buffer.from(`email,name\n${good}\n`), Buffer.from(`${tag}.last@example.com,Ren\xe9e\n`, 'latin1')]));
    assert.match(await refused({ audience: uniqueName('deep'), file: deep }), new RegExp(`^${deep}:20002: byte 0xE9 is not UTF-8`));

    // Read without the check before it (a file that changed under the import), the stream refuses at the same line.
    const source = await openCsv(deep, { batchSize: 5000 });
    let rows = 0;
    await assert.rejects(
      (async () => {
        for await (const batch of source.batches) rows += batch.rows.length;
      })(),
      (e: unknown) => e instanceof InputEncodingError && e.message.startsWith(`${deep}:20002: byte 0xE9 is not UTF-8`),
    );
    assert.ok(rows < 20_000, 'it stops at the byte, not after it');
  });

  it('refuses a row holding a NUL byte by its line while the other rows import', async () => {
    const tag = uniqueName('nul').replace(/-/g, '');
    const text = `email,name,company\n${tag}.a@example.com,Ada,Acme\n${tag}.b@example.com,B\u0000b,Initech\n${tag}.c@exa\u0000mple.com,Cy,Hooli\n${tag}.d@example.com,Di,Globex\n`;
    const result = await importAudience(db, { audience: uniqueName('nul'), file: file(`${tag}.csv`, text) });
    assert.deepEqual([result.rows, result.imported, result.badRows], [4, 2, 2]);
    assert.deepEqual(result.problems, [
      { line: 3, reason: 'column 2 ("name") holds a NUL byte (0x00), which text cannot hold' },
      { line: 4, reason: 'column 1 ("email") holds a NUL byte (0x00), which text cannot hold' },
    ]);
  });

  it('imports multibyte characters that the file\'s 64 KiB chunks cut in two', async () => {
    const tag = uniqueName('cut').replace(/-/g, '');
    const CHUNK = 65536;
    const rows: string[] = [];
    let bytes = Buffer.byteLength('email,name\n');
    const add = (row: string) => {
      rows.push(row);
      bytes += Buffer.byteLength(row);
    };
    // "é" cut after its first byte at the first boundary, "😀" after its second at the next, "中" after its first at the third.
    for (const [boundary, char, before] of [[CHUNK, 'é', 1], [2 * CHUNK, '😀', 2], [3 * CHUNK, '中', 1]] as const) {
      while (bytes < boundary - 200) add(`${tag}.${rows.length}@example.com,Ana\n`);
      const start = `${tag}.${rows.length}@example.com,`;
      const pad = boundary - before - bytes - Buffer.byteLength(start);
      add(`${start}${'x'.repeat(pad)}${char}\n`);
    }
    const text = `email,name\n${rows.join('')}`;
    const encoded = Buffer.from(text);
    assert.deepEqual([encoded[CHUNK - 1], encoded[CHUNK]], [0xc3, 0xa9], 'é sits on the first boundary');
    const result = await importAudience(db, { audience: uniqueName('cut'), file: file(`${tag}.csv`, text) });
    assert.deepEqual([result.imported, result.badRows], [rows.length, 0]);
    const names: string[] = await db('persons as p').join('emails as e', 'e.person_id', 'p.id').where('e.address', 'like', `${tag}.%`).pluck('p.first_name');
    assert.deepEqual(names.filter((n) => n !== 'Ana').map((n) => n.replace(/^x+/, '')).sort(), ['é', '中', '😀']);
  });

  it('refuses a spreadsheet saved as .csv, an --encoding the file contradicts, and bad options, writing nothing', async () => {
    const tag = uniqueName('bad').replace(/-/g, '');
    const xlsx = file(`${tag}.csv`, Buffer.from('PK\x03\x04\x14\x00\x06\x00rest of a workbook', 'latin1'));
    assert.match(await refused({ audience: uniqueName('x'), file: xlsx }), /a ZIP archive \(an Excel \.xlsx or OpenDocument \.ods workbook\?\), not a CSV file/);
    const utf8 = file(`${tag}-utf8.csv`, people(tag));
    assert.match(await refused({ audience: uniqueName('x'), file: utf8, encoding: 'windows-1252' }), /:2: the file is already UTF-8 .* Drop --encoding$/);
    assert.equal(await refused({ audience: uniqueName('x'), file: utf8, encoding: 'no-such' }), '--encoding no-such: unknown encoding (try utf-8, latin1, windows-1252, utf-16le, utf-16be)');
    assert.equal(await refused({ audience: uniqueName('x'), file: utf8, batchSize: 1_000_000 }, Error), 'batch size 1000000: expected a whole number from 1 to 50,000');
    assert.equal(await refused({ audience: 'x'.repeat(201), file: utf8 }, Error), 'audience name: 201 characters; the limit is 200');
  });

  it('writes nothing when the name is taken or the file unusable', async () => {
    const tag = uniqueName('pre').replace(/-/g, '');
    const name = uniqueName('taken');
    const good = file(`${tag}.csv`, people(tag));
    assert.equal((await importAudience(db, { audience: name, file: good })).imported, 2);
    assert.match(await refused({ audience: name, file: good }, Error), /already exists/);
    assert.match(await refused({ audience: uniqueName('x'), file: path.join(dir, 'missing.csv') }, UnusableFileError), /no such file/);
    assert.match(await refused({ audience: uniqueName('x'), file: file(`${tag}-h.csv`, 'name,city\nAda,Paris\n') }, UnusableFileError), /no identifier column/);
    assert.match(await refused({ audience: uniqueName('x'), file: dir }, UnusableFileError), /not a file/);
  });
});
