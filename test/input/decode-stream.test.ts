import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { InputEncodingError } from '../../src/input/encoding';
import { DecodeStream, resolveEncoding } from '../../src/input/decode-stream';

async function decode(chunks: Buffer[], encoding?: string): Promise<{ text: string; found: string }> {
  const stream = new DecodeStream({ file: 'people.csv', what: 'CSV file', ...(encoding ? { encoding: resolveEncoding(encoding) } : {}) });
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(chunks).pipe(stream)) out.push(chunk as Buffer);
  return { text: Buffer.concat(out).toString('utf8'), found: stream.found };
}

function refusal(chunks: Buffer[], encoding?: string): Promise<string> {
  return decode(chunks, encoding).then(
    () => assert.fail('expected a refusal'),
    (error: unknown) => {
      assert.ok(error instanceof InputEncodingError, String(error));
      return error.message;
    },
  );
}

const bytewise = (bytes: Buffer) => [...bytes].map((b) => Buffer.from([b]));
/** Every way of cutting the bytes in two. */
const cuts = (bytes: Buffer) => Array.from({ length: bytes.length - 1 }, (_, i) => [bytes.subarray(0, i + 1), bytes.subarray(i + 1)]);

/** Past the bytes the encoding is chosen from, so that later chunks go through the decoder one by one. */
const FILLER = 'ada@example.com,Ada\n'.repeat(40);
const TEXT = `email,name\n${FILLER}zoe@example.com,Zoë Ångström 😀 中文\n`;
const LATIN1 = Buffer.from(`email,name\n${FILLER}jose@example.com,Jos\xe9\n`, 'latin1');

describe('decoding a text file as it streams', () => {
  it('passes UTF-8 through whatever the chunks cut, a character or a byte-order mark included', async () => {
    const bytes = Buffer.from(`\ufeff${TEXT}`);
    assert.deepEqual(await decode(bytewise(bytes)), { text: TEXT, found: 'utf-8 (BOM)' });
    for (const pieces of cuts(bytes).slice(-80)) assert.equal((await decode(pieces)).text, TEXT);
  });

  it('refuses the first byte that is not UTF-8 with its line, the byte, and how to convert, whatever the chunks', async () => {
    const expected =
      'people.csv:42: byte 0xE9 is not UTF-8; the file looks like Latin-1 or Windows-1252. Pass --encoding windows-1252 (or latin1) ' +
      'where the command takes it, or convert it with `iconv -f WINDOWS-1252 -t UTF-8 people.csv > converted`';
    assert.equal(await refusal([LATIN1]), expected);
    assert.equal(await refusal(bytewise(LATIN1)), expected);
    assert.match(await refusal(bytewise(Buffer.from(`email\n${FILLER}a@b.co,\xc3`, 'latin1'))), /^people\.csv:42: byte 0xC3 is not UTF-8/);
    assert.match(await refusal(bytewise(Buffer.from(`email\n${FILLER}\xe2\x82(`, 'latin1'))), /^people\.csv:42: byte 0xE2 is not UTF-8/);
    assert.match(await refusal(bytewise(Buffer.from(`email\n${FILLER}\xed\xa0\x80`, 'latin1'))), /^people\.csv:42: byte 0xED is not UTF-8/, 'a surrogate');
  });

  it('decodes UTF-16 with a byte-order mark, a surrogate pair cut between chunks included', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]);
    const be = iconv.encode(TEXT, 'utf-16be', { addBOM: true });
    assert.deepEqual(await decode(bytewise(le)), { text: TEXT, found: 'utf-16le (BOM)' });
    assert.deepEqual(await decode(bytewise(be)), { text: TEXT, found: 'utf-16be (BOM)' });
  });

  it('refuses UTF-16 without a byte-order mark, naming it, and decodes it when told', async () => {
    const le = Buffer.from(TEXT, 'utf16le');
    const be = iconv.encode(TEXT, 'utf-16be');
    assert.equal(
      await refusal([le]),
      'people.csv: looks like UTF-16 LE without a byte-order mark, not UTF-8; pass --encoding utf-16le where the command takes it, ' +
        'or convert it with `iconv -f UTF-16LE -t UTF-8 people.csv > converted`',
    );
    assert.match(await refusal([be]), /^people\.csv: looks like UTF-16 BE without a byte-order mark/);
    assert.deepEqual(await decode(bytewise(le), 'utf-16le'), { text: TEXT, found: 'utf-16le' });
    assert.deepEqual(await decode([be], 'utf-16be'), { text: TEXT, found: 'utf-16be' });
  });

  it('refuses broken UTF-16: an odd last byte, a lone surrogate', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email\na@b.co\n', 'utf16le')]);
    assert.equal(
      await refusal([le, Buffer.from([0x41])]),
      'people.csv:3: the file ends with half a UTF-16 character (an odd number of bytes); it is cut off or not utf-16le',
    );
    const lone = Buffer.concat([le, Buffer.from([0x00, 0xd8, 0x41, 0x00])]);
    assert.equal(await refusal([lone]), 'people.csv:3: a lone UTF-16 surrogate (U+D800) is not a character; the file is damaged or not utf-16le');
  });

  it('decodes a legacy encoding when told, and refuses bytes that encoding has no character for', async () => {
    assert.equal((await decode(bytewise(LATIN1), 'latin1')).text, `email,name\n${FILLER}jose@example.com,José\n`);
    assert.equal((await decode([Buffer.from('email,price\na@b.co,\x80 5\n', 'latin1')], 'windows-1252')).text, 'email,price\na@b.co,€ 5\n');
    assert.equal((await decode([iconv.encode('email,name\na@b.co,山田\n', 'shift_jis')], 'shift_jis')).text, 'email,name\na@b.co,山田\n');
    assert.equal(
      await refusal([Buffer.from('email\na@b.co\nc@d.co\x81\n', 'latin1')], 'windows-1252'),
      'people.csv:3: bytes that are not windows-1252 (decoded as U+FFFD, the replacement character); check --encoding (latin1 has a character for every byte)',
    );
  });

  it('refuses an --encoding the first bytes contradict', async () => {
    const utf8 = Buffer.from(TEXT);
    assert.equal(
      await refusal([utf8], 'latin1'),
      'people.csv:42: the file is already UTF-8 (this line\'s non-ASCII text is valid UTF-8); reading it as latin1 would garble it ("é" would become "Ã©"). Drop --encoding',
    );
    assert.equal(
      await refusal([Buffer.from(`\ufeff${TEXT}`)], 'windows-1252'),
      'people.csv: --encoding windows-1252, but the file starts with a UTF-8 byte-order mark, so it is UTF-8; drop --encoding',
    );
    assert.equal(
      await refusal([Buffer.from('email\na@b.co\n')], 'utf-16le'),
      'people.csv: --encoding utf-16le, but its first 13 bytes hold no NUL byte, so it is not UTF-16 (every comma and line end in UTF-16 has one); drop --encoding',
    );
    assert.equal(await refusal([Buffer.from(TEXT, 'utf16le')], 'utf-16be'), 'people.csv: --encoding utf-16be, but the file looks like UTF-16 LE; pass --encoding utf-16le');
    assert.equal(await refusal([Buffer.from(TEXT, 'utf16le')], 'latin1'), 'people.csv: --encoding latin1, but the file looks like UTF-16 LE; pass --encoding utf-16le');
    assert.equal((await decode([Buffer.from('email\na@b.co\n')], 'latin1')).text, 'email\na@b.co\n', 'ASCII is the same in both');
  });

  it('refuses a spreadsheet, an archive or a document saved under a .csv name', async () => {
    assert.equal(
      await refusal([Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1')]),
      'people.csv: a ZIP archive (an Excel .xlsx or OpenDocument .ods workbook?), not a CSV file; save it as text in UTF-8 (from a spreadsheet: Save As "CSV UTF-8") and use that',
    );
    assert.match(await refusal([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])], 'latin1'), /an Excel 97-2003 \.xls workbook, not a CSV file/);
    assert.match(await refusal([Buffer.from([0x1f, 0x8b, 8, 0])]), /a gzip-compressed file, not a CSV file/);
  });

  it('refuses --encoding names that are unknown or not text encodings, naming the option', () => {
    assert.throws(() => resolveEncoding('klingon'), /^InputEncodingError: --encoding klingon: unknown encoding \(try utf-8, latin1, windows-1252, utf-16le, utf-16be\)$/);
    assert.throws(() => resolveEncoding('base64'), /--encoding base64: not a text encoding/);
    assert.throws(() => resolveEncoding('hex'), /--encoding hex: not a text encoding/);
    assert.deepEqual(resolveEncoding('UTF-16LE'), { name: 'UTF-16LE', kind: 'utf16', endian: 'le' });
    assert.deepEqual(resolveEncoding('cp1252'), { name: 'cp1252', kind: 'other' });
  });
});
