import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { decodeText } from './encoding';

/** A file we refuse before reading it: missing, not a regular file, or over its limit. */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';
}

export interface TextFileOptions {
  /** What the file is, for messages: "sequence file", "senders file". */
  what: string;
  /** Files larger than this are refused before a byte is read. */
  maxBytes: number;
  /** Decode with this encoding (iconv-lite name) instead of detecting UTF-8 or UTF-16 with a BOM. */
  encoding?: string;
}

/**
 * Reads a whole text file with a stated bound: only regular files (never /dev/zero, a FIFO or a folder),
 * checked on the open descriptor, and never more than `maxBytes`, even when the file grows while it is read.
 */
export function readTextFile(file: string, opts: TextFileOptions): string {
  let fd: number;
  try {
    // Non-blocking, so opening a pipe with no writer returns at once and is refused below instead of hanging.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new InputFileError(openProblem(file, opts.what, error));
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new InputFileError(`${file}: not a regular file (${kindOf(stats)}); a ${opts.what} must be one`);
    if (stats.size > opts.maxBytes) throw new InputFileError(tooLarge(file, opts, stats.size));
    const bytes = readAtMost(fd, opts.maxBytes + 1, stats.size);
    if (bytes.length > opts.maxBytes) throw new InputFileError(tooLarge(file, opts));
    return decodeText(file, bytes, opts.encoding);
  } finally {
    closeSync(fd);
  }
}

/** Reads to the end or to `limit` bytes; the size from stat is only a first guess (files in /proc say 0). */
function readAtMost(fd: number, limit: number, sizeHint: number): Buffer {
  let buffer = Buffer.alloc(Math.min(limit, Math.max(sizeHint + 1, 64 * 1024)));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length >= limit) return buffer;
      const grown = Buffer.alloc(Math.min(limit, buffer.length * 2));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const n = readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) return buffer.subarray(0, length);
    length += n;
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

function tooLarge(file: string, opts: TextFileOptions, size?: number): string {
  // Rounded, a file a few bytes over would read as "1 MiB, over the limit of 1 MiB".
  const exact = size !== undefined && formatBytes(size) === formatBytes(opts.maxBytes);
  const show = (n: number) => (exact ? `${n.toLocaleString('en-US')} bytes` : formatBytes(n));
  const found = size === undefined ? 'grew past' : `is ${show(size)}, over`;
  return `${file}: ${found} the limit of ${show(opts.maxBytes)} for a ${opts.what}`;
}

function openProblem(file: string, what: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${file}: no such file`;
  if (code === 'EISDIR') return `${file}: a folder, not a ${what}`;
  if (code === 'EACCES') return `${file}: permission denied`;
  return `${file}: cannot be read (${code ?? String(error)})`;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a pipe';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}
