import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mapColumns, UnusableFileError } from '../../src/identity/columns';
import { MAX_BATCH_CHARS, MAX_COLUMNS, MAX_RECORD_CHARS, MAX_IDENTIFIER_CHARS, MAX_NAME_CHARS, MAX_VARIABLE_CHARS, MAX_VARIABLES } from '../../src/identity/csv-limits';
import { openCsv } from '../../src/identity/csv-source';
import { readRow } from '../../src/identity/row';

const dir = mkdtempSync(path.join(tmpdir(), 'csv-limits-'));

describe('the bounds of a CSV file', () => {
  it('refuses a header over its column limit, its variable limit or its name length, naming the limit', () => {
    const wide = ['email', ...Array.from({ length: MAX_COLUMNS }, (_, i) => `c${i}`)];
    assert.throws(() => mapColumns(wide), (e: unknown) => e instanceof UnusableFileError && e.message === 'the header has 251 columns; the limit is 250 (keep the columns your sequences use)');
    const variables = ['email', ...Array.from({ length: MAX_VARIABLES + 1 }, (_, i) => `v${i}`)];
    assert.throws(() => mapColumns(variables), /^Error: the header has 101 variable columns \(columns that are not standard fields\); the limit is 100 \(keep the columns your sequences use\)$/);
    assert.equal(mapColumns(variables.slice(0, -1)).variables.length, MAX_VARIABLES);
    assert.throws(() => mapColumns(['email', 'n'.repeat(101)]), /^Error: column 2's name is 101 characters; the limit is 100$/);
    assert.throws(() => mapColumns(['email', 'na\u0000me']), /^Error: column 2's name holds a NUL byte \(0x00\); a header is text$/);
  });

  it('refuses a row whose cells are over their column\'s limit, every fault named, no oversized value quoted', () => {
    const map = mapColumns(['E-mail', 'first_name', 'Company', 'linkedin']);
    const long = (n: number) => 'a'.repeat(n);
    assert.deepEqual(readRow([long(MAX_IDENTIFIER_CHARS + 1), long(MAX_NAME_CHARS + 1), long(MAX_VARIABLE_CHARS + 1), ''], 9, map), {
      line: 9,
      reason:
        'column 1 ("E-mail") is 1,001 characters; the limit for an identifier is 1,000; column 2 ("first_name") is 201 characters; ' +
        'the limit for a name is 200; column 3 ("Company") is 10,001 characters; the limit for a variable is 10,000',
    });
    const ok = readRow(['a@b.co', long(MAX_NAME_CHARS), long(MAX_VARIABLE_CHARS), ''], 10, map);
    assert.ok(!('reason' in ok));
    // 300 characters that each become 9 when percent-encoded: under the cell limit, over it (and over Postgres' index limit) once normalised.
    assert.deepEqual(readRow(['', '', '', `linkedin.com/in/${'中'.repeat(300)}`], 11, map), {
      line: 11,
      reason: 'a LinkedIn URL of 2,728 characters once normalised; the limit for an identifier is 1,000',
    });
  });

  it('refuses a header row it cannot read by its line, and reports an oversized record once', async () => {
    const write = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const long = write('long-header.csv', `email,${'x'.repeat(MAX_RECORD_CHARS + 1)}\na@b.co,1\n`);
    await assert.rejects(openCsv(long, { batchSize: 10 }), {
      message: `${long}:1: the header row cannot be read: a record over 1,000,000 characters (an unclosed quote?); the rest of the file was not read`,
    });
    const open = write('open-header.csv', '"email,name\na@b.co,A\n');
    await assert.rejects(openCsv(open, { batchSize: 10 }), { message: `${open}:1: the header row cannot be read: a quoted field starting here is never closed; the rest of the file was not read` });

    const source = await openCsv(write('long-row.csv', `email,name\na@b.co,A\nb@c.co,${'y'.repeat(3 * MAX_RECORD_CHARS)}\nc@d.co,C\n`), { batchSize: 10 });
    const problems = [];
    for await (const batch of source.batches) problems.push(...batch.problems);
    assert.deepEqual(problems, [{ line: 3, reason: 'a record over 1,000,000 characters (an unclosed quote?); the rest of the file was not read' }]);
  });

  it('quotes values in messages on one line, with control characters and terminal escapes made visible', () => {
    const map = mapColumns(['email', 'x_handle']);
    assert.deepEqual(readRow(['a\u001b[31m@x\nred', 'ev\u202eil'], 4, map), {
      line: 4,
      reason: 'invalid X handle "ev\\u202Eil" (1-15 letters, digits or _); invalid email "a\\u001B[31m@x\\nred"',
    });
    assert.throws(() => mapColumns(['email', 'E-mail\r']), /^Error: columns 1 \("email"\) and 2 \("E-mail\\r"\) both mean email$/);
  });

  it('ends a batch at its character limit, so that wide rows cannot multiply its memory', async function () {
    this.timeout(120_000);
    const header = ['email', ...Array.from({ length: 90 }, (_, i) => `v${i}`)].join(',');
    const cells = Array.from({ length: 90 }, () => 'x'.repeat(MAX_VARIABLE_CHARS)).join(',');
    const rows = Array.from({ length: 40 }, (_, i) => `p${i}@example.com,${cells}`);
    const file = path.join(dir, 'wide.csv');
    writeFileSync(file, `${header}\n${rows.join('\n')}\n`);
    const source = await openCsv(file, { batchSize: 5000 });
    const sizes: number[] = [];
    for await (const batch of source.batches) sizes.push(batch.rows.length);
    const perBatch = Math.ceil(MAX_BATCH_CHARS / (90 * MAX_VARIABLE_CHARS + 14));
    assert.deepEqual(sizes, [perBatch, perBatch, 40 - 2 * perBatch]);
  });
});
