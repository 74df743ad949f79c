import iconv from 'iconv-lite';
import { InputEncodingError, invalidUtf8Refusal } from './encoding';
import { countNewlines, Utf8Validator } from './utf8-validator';

/** One encoding's way from the file's bytes to UTF-8 bytes; throws InputEncodingError naming the line at fault. */
export interface DecodeStage {
  write(chunk: Buffer): Buffer;
  end(): Buffer;
}

/** UTF-8 is checked, not decoded: valid chunks pass through as they are (a leading BOM dropped). */
export class Utf8Stage implements DecodeStage {
  private readonly validator = new Utf8Validator();

  constructor(
    private readonly file: string,
    private skip: number,
  ) {}

  write(chunk: Buffer): Buffer {
    const body = this.skip > 0 ? chunk.subarray(this.skip) : chunk;
    this.skip = 0;
    const bad = this.validator.check(body);
    if (bad) throw invalidUtf8Refusal(this.file, bad.line, bad.byte);
    return body;
  }

  end(): Buffer {
    const bad = this.validator.end();
    if (bad) throw invalidUtf8Refusal(this.file, bad.line, bad.byte);
    return Buffer.alloc(0);
  }
}

/** Counts lines of decoded text, for messages about it. */
class TextLines {
  private line = 1;

  at(text: string, index: number): number {
    return this.line + newlinesIn(text, index);
  }

  pass(text: string): void {
    this.line += newlinesIn(text, text.length);
  }
}

/**
 * UTF-16 through iconv-lite, which drops a BOM but lets a lone surrogate and an odd last byte through
 * silently (the first would reach the database as U+FFFD, the second would vanish): both are refused.
 */
export class Utf16Stage implements DecodeStage {
  private readonly decoder: ReturnType<typeof iconv.getDecoder>;
  private readonly lines = new TextLines();
  private bytes = 0;
  private heldHigh = '';

  constructor(
    private readonly file: string,
    private readonly encoding: string,
  ) {
    this.decoder = iconv.getDecoder(encoding);
  }

  write(chunk: Buffer): Buffer {
    this.bytes += chunk.length;
    let text = this.heldHigh + this.decoder.write(chunk);
    // iconv-lite hands out a surrogate pair cut by a chunk's end in two pieces; the high half waits here.
    const last = text.charCodeAt(text.length - 1);
    this.heldHigh = last >= 0xd800 && last <= 0xdbff ? text.slice(-1) : '';
    if (this.heldHigh) text = text.slice(0, -1);
    return this.checked(text);
  }

  end(): Buffer {
    const text = this.checked(this.heldHigh + (this.decoder.end() ?? ''));
    if (this.bytes % 2 === 1) {
      throw new InputEncodingError(
        `${this.file}:${this.lines.at('', 0)}: the file ends with half a UTF-16 character (an odd number of bytes); it is cut off or not ${this.encoding}`,
      );
    }
    return text;
  }

  private checked(text: string): Buffer {
    const lone = /\p{Cs}/u.exec(text);
    if (lone) {
      const unit = `U+${text.charCodeAt(lone.index).toString(16).toUpperCase()}`;
      throw new InputEncodingError(
        `${this.file}:${this.lines.at(text, lone.index)}: a lone UTF-16 surrogate (${unit}) is not a character; the file is damaged or not ${this.encoding}`,
      );
    }
    this.lines.pass(text);
    return Buffer.from(text, 'utf8');
  }
}

/**
 * Any other encoding through iconv-lite. Bytes it has no character for come out as U+FFFD and are refused.
 * A file that is valid UTF-8 with non-ASCII text is refused too: decoding it as Latin-1 would store "é" as "Ã©".
 */
export class IconvStage implements DecodeStage {
  private readonly decoder: ReturnType<typeof iconv.getDecoder>;
  private readonly lines = new TextLines();
  private readonly utf8 = new Utf8Validator();
  private stillUtf8 = true;
  private lineSeen = 1;
  private firstNonAsciiLine: number | undefined;

  constructor(
    private readonly file: string,
    private readonly encoding: string,
  ) {
    this.decoder = iconv.getDecoder(encoding);
  }

  write(chunk: Buffer): Buffer {
    this.watchUtf8(chunk);
    return this.checked(this.decoder.write(chunk));
  }

  end(): Buffer {
    const tail = this.checked(this.decoder.end() ?? '');
    if (this.stillUtf8 && this.utf8.end() === null && this.firstNonAsciiLine !== undefined) {
      throw new InputEncodingError(
        `${this.file}:${this.firstNonAsciiLine}: the file is already UTF-8 (this line's non-ASCII text is valid UTF-8); ` +
          `reading it as ${this.encoding} would garble it ("é" would become "Ã©"). Drop --encoding`,
      );
    }
    return tail;
  }

  private watchUtf8(chunk: Buffer): void {
    if (!this.stillUtf8) return;
    if (this.firstNonAsciiLine === undefined) {
      const at = chunk.findIndex((byte) => byte >= 0x80);
      if (at !== -1) this.firstNonAsciiLine = this.lineSeen + countNewlines(chunk.subarray(0, at));
      else this.lineSeen += countNewlines(chunk);
    }
    this.stillUtf8 = this.utf8.check(chunk) === null;
  }

  private checked(text: string): Buffer {
    const replaced = text.indexOf('\ufffd');
    if (replaced !== -1) {
      throw new InputEncodingError(
        `${this.file}:${this.lines.at(text, replaced)}: bytes that are not ${this.encoding} (decoded as U+FFFD, the replacement character); ` +
          'check --encoding (latin1 has a character for every byte)',
      );
    }
    this.lines.pass(text);
    return Buffer.from(text, 'utf8');
  }
}

function newlinesIn(text: string, end: number): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
