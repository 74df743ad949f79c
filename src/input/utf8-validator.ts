import { isUtf8 } from 'node:buffer';
import { firstInvalidUtf8, lineAt } from './encoding';

/** Where a stream stops being UTF-8: the 1-based line and the byte at fault. */
export interface InvalidByte {
  line: number;
  byte: number;
}

const EMPTY = Buffer.alloc(0);

/**
 * Checks UTF-8 chunk by chunk, as a file streams past: a character cut by a chunk's end is held (at most
 * three bytes) and checked with the next chunk. Valid chunks cost one `isUtf8` and a newline count.
 */
export class Utf8Validator {
  private carry = EMPTY;
  private line = 1;

  /** The first invalid byte of this chunk, or null when it is valid so far. */
  check(chunk: Buffer): InvalidByte | null {
    let body = chunk;
    if (this.carry.length > 0) {
      const need = sequenceLength(this.carry[0] as number) - this.carry.length;
      const joined = Buffer.concat([this.carry, chunk.subarray(0, need)]);
      if (joined.length < this.carry.length + need) {
        if (firstInvalidUtf8(joined, true) !== -1) return { line: this.line, byte: joined[0] as number };
        this.carry = joined;
        return null;
      }
      if (firstInvalidUtf8(joined) !== -1) return { line: this.line, byte: joined[0] as number };
      this.carry = EMPTY;
      body = chunk.subarray(need);
    }
    if (isUtf8(body)) {
      this.line += countNewlines(body);
      return null;
    }
    const cut = cutCharacterAt(body);
    if (cut < body.length && isUtf8(body.subarray(0, cut))) {
      this.carry = Buffer.from(body.subarray(cut));
      this.line += countNewlines(body.subarray(0, cut));
      return null;
    }
    const bad = firstInvalidUtf8(body);
    return { line: lineAt(body, bad, this.line), byte: body[bad] as number };
  }

  /** At the end of the stream: a character the file ends in the middle of. */
  end(): InvalidByte | null {
    return this.carry.length > 0 ? { line: this.line, byte: this.carry[0] as number } : null;
  }
}

export function countNewlines(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) count++;
  return count;
}

/** Bytes a character starting with this lead byte takes; 1 for ASCII and for bytes that cannot lead. */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 1;
}

/** Where a character that the buffer's end cuts off starts, or the buffer's length when none is cut. */
function cutCharacterAt(bytes: Buffer): number {
  const end = bytes.length;
  for (let i = end - 1; i >= Math.max(0, end - 4); i--) {
    const byte = bytes[i] as number;
    if ((byte & 0xc0) === 0x80) continue;
    return sequenceLength(byte) > end - i ? i : end;
  }
  return end;
}
