import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/** A file whose bytes are not the text we expect; the message names the file, the line and the way out. */
export class InputEncodingError extends Error {
  override readonly name = 'InputEncodingError';
}

export type Sniffed =
  | { kind: 'utf8'; bomBytes: number }
  | { kind: 'utf16'; endian: 'le' | 'be'; bom: boolean };

/**
 * What the first bytes of a file say about its encoding: a byte-order mark, or the NUL in every other
 * byte that UTF-16 text in a Latin script has (UTF-16 without a BOM is otherwise unreadable here).
 */
export function sniffEncoding(head: Buffer): Sniffed {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { kind: 'utf8', bomBytes: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { kind: 'utf16', endian: 'le', bom: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { kind: 'utf16', endian: 'be', bom: true };
  // Mostly NUL on one side of each pair: one character such as U+0100, U+4E00 or an emoji puts a byte on
  // the other side, so "most", not "all"; UTF-8 text has no NUL bytes at all.
  const pairs = Math.min(256, Math.floor(head.length / 2));
  let even = 0;
  let odd = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) even++;
    if (head[2 * i + 1] === 0) odd++;
  }
  if (pairs >= 2 && even + odd >= pairs * 0.3) {
    if (odd >= 9 * even) return { kind: 'utf16', endian: 'le', bom: false };
    if (even >= 9 * odd) return { kind: 'utf16', endian: 'be', bom: false };
  }
  return { kind: 'utf8', bomBytes: 0 };
}

/** The offset of the first byte that breaks UTF-8, or -1 when the buffer is valid (a cut-off tail counts as valid when `partialTail`). */
export function firstInvalidUtf8(bytes: Buffer, partialTail = false): number {
  if (isUtf8(bytes)) return -1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    if (i + need >= bytes.length) return partialTail ? -1 : i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k] as number;
      if ((c & 0xc0) !== 0x80) return i;
    }
    // Overlong forms and surrogates: the second byte's range is narrower after E0, ED, F0 and F4.
    const second = bytes[i + 1] as number;
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) {
      return i;
    }
    i += need + 1;
  }
  return -1;
}

/** 1-based line of a byte offset. */
export function lineAt(bytes: Buffer, offset: number, firstLine = 1): number {
  let line = firstLine;
  for (let at = bytes.indexOf(0x0a); at !== -1 && at < offset; at = bytes.indexOf(0x0a, at + 1)) line++;
  return line;
}

/** Names an encoding for `--encoding`, or says which ones exist. */
export function checkEncodingName(name: string, option = '--encoding'): string {
  if (iconv.encodingExists(name)) return name;
  throw new InputEncodingError(`${option} ${name}: unknown encoding (try utf-8, latin1, windows-1252, utf-16le, utf-16be)`);
}

const CONVERT = (file: string, from: string) => `convert it with \`iconv -f ${from} -t UTF-8 ${file} > converted\``;

export function utf16Refusal(file: string, endian: 'le' | 'be'): InputEncodingError {
  const name = `utf-16${endian}`;
  return new InputEncodingError(
    `${file}: looks like UTF-16 ${endian.toUpperCase()} without a byte-order mark, not UTF-8; ` +
      `pass --encoding ${name} where the command takes it, or ${CONVERT(file, name.toUpperCase())}`,
  );
}

export function invalidUtf8Refusal(file: string, line: number, byte: number): InputEncodingError {
  const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return new InputEncodingError(
    `${file}:${line}: byte ${hex} is not UTF-8; the file looks like Latin-1 or Windows-1252. ` +
      `Pass --encoding windows-1252 (or latin1) where the command takes it, or ${CONVERT(file, 'WINDOWS-1252')}`,
  );
}

function nulRefusal(file: string, line: number): InputEncodingError {
  return new InputEncodingError(`${file}:${line}: a NUL byte (0x00); text files cannot hold one (a binary file, or UTF-16?)`);
}

/**
 * Turns a whole file's bytes into text: UTF-8 (a BOM dropped) or UTF-16 with a BOM; with `encoding`, that
 * encoding through iconv-lite. Anything else is refused with the line at fault and how to convert it.
 */
export function decodeText(file: string, bytes: Buffer, encoding?: string): string {
  const text = encoding ? iconv.decode(bytes, checkEncodingName(encoding)) : decodeDetected(file, bytes);
  const nul = text.indexOf('\u0000');
  if (nul !== -1) throw nulRefusal(file, text.slice(0, nul).split('\n').length);
  return text;
}

function decodeDetected(file: string, bytes: Buffer): string {
  const sniffed = sniffEncoding(bytes.subarray(0, 512));
  if (sniffed.kind === 'utf16') {
    if (!sniffed.bom) throw utf16Refusal(file, sniffed.endian);
    return iconv.decode(bytes, sniffed.endian === 'le' ? 'utf-16le' : 'utf-16be', { stripBOM: true });
  }
  const body = bytes.subarray(sniffed.bomBytes);
  const bad = firstInvalidUtf8(body);
  if (bad !== -1) throw invalidUtf8Refusal(file, lineAt(body, bad), body[bad] as number);
  return body.toString('utf8');
}
