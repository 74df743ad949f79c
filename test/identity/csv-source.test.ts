import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UnusableFileError } from '../../src/identity/columns';
import { openCsv, type CsvBatch } from '../../src/identity/csv-source';

const dir = mkdtempSync(path.join(tmpdir(), 'csv-source-'));
let files = 0;

function csv(text: string): string {
  const file = path.join(dir, `f${++files}.csv`);
  writeFileSync(file, text);
  return file;
}

async function readAll(file: string, batchSize = 2): Promise<CsvBatch[]> {
  const source = await openCsv(file, { batchSize });
  const out: CsvBatch[] = [];
  for await (const batch of source.batches) out.push(batch);
  return out;
}

describe('streaming CSV source', () => {
  it('numbers each row by the line it starts on, across blank lines, CRLF and line breaks inside quotes', async () => {
    const text = 'email,note\r\na@x.io,one\r\n\r\nb@x.io,"two\r\nlines"\r\nc@x.io,three\r\n\nd@x.io,"3\n\nlines"\ne@x.io,last';
    const batches = await readAll(csv(text));
    const rows = batches.flatMap((b) => b.rows.map((r) => [r.line, r.attributes.note]));
    assert.deepEqual(rows, [[2, 'one'], [4, 'two\nlines'], [6, 'three'], [8, '3\n\nlines'], [11, 'last']]);
    assert.deepEqual(batches.map((b) => b.rows.length), [2, 2, 1]);
  });

  it('reports bad rows by line and keeps reading; an unclosed quote ends the file where it opens', async () => {
    const text = 'email,name\nok@x.io,A\nnot-an-email,B\nonly-one-column\n\nok2@x.io,"a ""quoted"" name"\n"open@x.io,C\nnever@x.io,D\n';
    const batches = await readAll(csv(text), 100);
    assert.deepEqual(batches.flatMap((b) => b.rows.map((r) => r.line)), [2, 6]);
    assert.deepEqual(batches.flatMap((b) => b.problems), [
      { line: 3, reason: 'invalid email "not-an-email"' },
      { line: 4, reason: 'expected 2 columns, found 1' },
      { line: 7, reason: 'a quoted field starting here is never closed; the rest of the file was not read' },
    ]);
  });

  it('reads a header after a byte-order mark', async () => {
    const [batch] = await readAll(csv('\ufeffEmail\nada@x.io\n'));
    assert.deepEqual(batch?.rows.map((r) => r.identifiers), [[{ kind: 'email', value: 'ada@x.io' }]]);
  });

  it('refuses a missing file, an empty one and a header without identifiers as unusable', async () => {
    await assert.rejects(openCsv(path.join(dir, 'missing.csv'), { batchSize: 10 }), (e: unknown) => e instanceof UnusableFileError && /no such file/.test(e.message));
    await assert.rejects(openCsv(csv(''), { batchSize: 10 }), /f[0-9]+.csv: the file is empty/);
    await assert.rejects(openCsv(csv('name,company\nAda,Engines\n'), { batchSize: 10 }), /no identifier column/);
  });
});
