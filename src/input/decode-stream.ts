import { createReadStream } from 'node:fs';
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkEncodingName, InputEncodingError, sniffEncoding, utf16Refusal, type Sniffed } from './encoding';
import { IconvStage, Utf16Stage, Utf8Stage, type DecodeStage } from './decode-stages';
import { binaryKind } from './signatures';

/** Bytes looked at before the encoding is chosen: enough for a byte-order mark and UTF-16's NUL pattern. */
const SNIFF_BYTES = 512;

type EncodingKind = 'utf8' | 'utf16' | 'other';

export interface ChosenEncoding {
  /** As the user wrote it. */
  name: string;
  kind: EncodingKind;
  /** UTF-16 names that fix the byte order. */
  endian?: 'le' | 'be';
}

const NOT_TEXT = new Set(['base64', 'base64url', 'hex']);

/** Checks an `--encoding` value: an encoding iconv-lite knows, and one that decodes text. */
export function resolveEncoding(name: string, option = '--encoding'): ChosenEncoding {
  checkEncodingName(name, option);
  const canonical = name.toLowerCase().replace(/[^0-9a-z]/g, '');
  if (NOT_TEXT.has(canonical)) throw new InputEncodingError(`${option} ${name}: not a text encoding (try utf-8, latin1, windows-1252, utf-16le, utf-16be)`);
  if (canonical === 'utf8' || canonical === 'unicode11utf8') return { name, kind: 'utf8' };
  if (canonical === 'utf16le' || canonical === 'ucs2') return { name, kind: 'utf16', endian: 'le' };
  if (canonical === 'utf16be') return { name, kind: 'utf16', endian: 'be' };
  if (canonical === 'utf16') return { name, kind: 'utf16' };
  return { name, kind: 'other' };
}

export interface DecodeOptions {
  /** The file, as the user named it, for messages. */
  file: string;
  /** What the file is, for messages: "CSV file". */
  what: string;
  /** Without it: UTF-8 (a BOM dropped) or UTF-16 with a BOM, detected from the first bytes. */
  encoding?: ChosenEncoding;
  /** Called with the size of every chunk read, before decoding. */
  onBytes?: (bytes: number) => void;
}

/**
 * Bytes of a text file in, UTF-8 bytes out, in constant memory. The encoding is chosen from the first bytes
 * (and checked against `--encoding` when one is given); a byte that does not fit is refused with an
 * InputEncodingError naming the file's line, the byte and how to convert the file.
 */
export class DecodeStream extends Transform {
  /** What was read, once the first bytes are in: `utf-8`, `utf-16le (BOM)`, or the `--encoding` given. */
  found = '';
  private head: Buffer[] = [];
  private headBytes = 0;
  private stage: DecodeStage | undefined;

  constructor(private readonly opts: DecodeOptions) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.opts.onBytes?.(chunk.length);
    try {
      if (this.stage) return done(null, this.stage.write(chunk));
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes >= SNIFF_BYTES) this.begin();
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      done(null, (this.stage ?? this.begin()).end());
    } catch (error) {
      done(error as Error);
    }
  }

  /** Chooses the stage from the bytes held so far, and passes them on decoded. */
  private begin(): DecodeStage {
    const head = Buffer.concat(this.head);
    this.head = [];
    const { file } = this.opts;
    const binary = binaryKind(head);
    if (binary) {
      throw new InputEncodingError(`${file}: ${binary}, not a ${this.opts.what}; save it as text in UTF-8 (from a spreadsheet: Save As "CSV UTF-8") and use that`);
    }
    const sniffed = sniffEncoding(head.subarray(0, SNIFF_BYTES));
    const given = this.opts.encoding;
    const stage = given ? this.givenStage(given, sniffed, head) : this.detectedStage(sniffed);
    this.stage = stage;
    this.push(stage.write(head));
    return stage;
  }

  private detectedStage(sniffed: Sniffed): DecodeStage {
    const { file } = this.opts;
    if (sniffed.kind === 'utf8') {
      this.found = sniffed.bomBytes > 0 ? 'utf-8 (BOM)' : 'utf-8';
      return new Utf8Stage(file, sniffed.bomBytes);
    }
    if (!sniffed.bom) throw utf16Refusal(file, sniffed.endian);
    this.found = `utf-16${sniffed.endian} (BOM)`;
    return new Utf16Stage(file, `utf-16${sniffed.endian}`);
  }

  private givenStage(given: ChosenEncoding, sniffed: Sniffed, head: Buffer): DecodeStage {
    const contradiction = contradicts(given, sniffed, head);
    if (contradiction) throw new InputEncodingError(`${this.opts.file}: --encoding ${given.name}, but ${contradiction}`);
    this.found = given.name;
    const { file } = this.opts;
    if (given.kind === 'utf8') return new Utf8Stage(file, sniffed.kind === 'utf8' ? sniffed.bomBytes : 0);
    if (given.kind === 'utf16') return new Utf16Stage(file, given.name);
    return new IconvStage(file, given.name);
  }
}

/** Why the first bytes say the file is not in the encoding given, or undefined when they agree. */
function contradicts(given: ChosenEncoding, sniffed: Sniffed, head: Buffer): string | undefined {
  if (sniffed.kind === 'utf16') {
    const found = `utf-16${sniffed.endian}`;
    const how = sniffed.bom ? `the file starts with a UTF-16 ${sniffed.endian.toUpperCase()} byte-order mark` : `the file looks like UTF-16 ${sniffed.endian.toUpperCase()}`;
    if (given.kind !== 'utf16') return `${how}; ${sniffed.bom ? 'drop --encoding' : `pass --encoding ${found}`}`;
    if (given.endian && given.endian !== sniffed.endian) return `${how}; pass --encoding ${found}`;
    return undefined;
  }
  if (sniffed.bomBytes > 0 && given.kind !== 'utf8') return 'the file starts with a UTF-8 byte-order mark, so it is UTF-8; drop --encoding';
  if (given.kind === 'utf16' && head.length > 0 && !head.includes(0)) {
    return `its first ${head.length} bytes hold no NUL byte, so it is not UTF-16 (every comma and line end in UTF-16 has one); drop --encoding`;
  }
  return undefined;
}

/**
 * Reads a whole file through the decoder and throws what it would refuse: a check before anything is written,
 * in constant memory (one chunk at a time).
 */
export async function checkFileDecodes(file: string, opts: Omit<DecodeOptions, 'file' | 'onBytes'>): Promise<void> {
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  await pipeline(createReadStream(file), new DecodeStream({ ...opts, file }), discard);
}
