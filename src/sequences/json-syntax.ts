import { createScanner, type JSONScanner, ScanError, SyntaxKind } from 'jsonc-parser';
import { MAX_NESTING_DEPTH } from './limits';
import type { SequenceProblem } from './problems';
import { quoted } from './quote';
import { positionAt, tooDeepMessage } from './syntax-limits';

interface Open {
  kind: 'object' | 'array';
  offset: number;
  /** What the container expects next. */
  expect: 'first' | 'key' | 'colon' | 'value' | 'comma';
}

class JsonError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * The first way the text breaks strict JSON, at the token at fault: a trailing comma is reported at the
 * comma, a missing one at the value after it, an unclosed bracket at the bracket. One pass over the
 * scanner's tokens with an explicit stack, so no nesting depth can overflow the call stack.
 */
export function strictJsonProblem(text: string): SequenceProblem | undefined {
  try {
    new JsonChecker(text).check();
    return undefined;
  } catch (error) {
    if (!(error instanceof JsonError)) throw error;
    return { message: `JSON syntax error: ${error.message}`, ...positionAt(text, error.offset) };
  }
}

class JsonChecker {
  private readonly scanner: JSONScanner;
  private readonly stack: Open[] = [];
  private done = false;
  private lastComma = -1;
  private previous: { kind: SyntaxKind; end: number } | undefined;

  constructor(private readonly text: string) {
    this.scanner = createScanner(text, false);
  }

  check(): void {
    for (let kind = this.next(); kind !== SyntaxKind.EOF; kind = this.next()) this.token(kind);
    const open = this.stack[this.stack.length - 1];
    if (open) {
      const closer = open.kind === 'object' ? '}' : ']';
      throw new JsonError(`this "${open.kind === 'object' ? '{' : '['}" is never closed: the file ends before its "${closer}"`, open.offset);
    }
    if (!this.done) throw new JsonError('the JSON file is empty', this.text.length);
  }

  /** The next token that is not whitespace; comments and scanner errors are refused here. */
  private next(): SyntaxKind {
    for (;;) {
      const kind = this.scanner.scan();
      if (kind === SyntaxKind.Trivia || kind === SyntaxKind.LineBreakTrivia) continue;
      const offset = this.scanner.getTokenOffset();
      if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) {
        throw new JsonError('comments are not allowed in JSON (use a .yaml file for comments)', offset);
      }
      this.scanError(kind, offset);
      const previous = this.previous;
      this.previous = { kind, end: offset + this.scanner.getTokenLength() };
      if (kind === SyntaxKind.NumericLiteral && previous?.kind === SyntaxKind.NumericLiteral && previous.end === offset) {
        throw new JsonError('a number cannot start with 0 unless it is 0 (write 7, not 07)', offset - 1);
      }
      return kind;
    }
  }

  private scanError(kind: SyntaxKind, offset: number): void {
    const error = this.scanner.getTokenError();
    if (error === ScanError.None) return;
    const raw = this.text.slice(offset, offset + this.scanner.getTokenLength());
    if (kind === SyntaxKind.NumericLiteral) throw new JsonError(`${quoted(raw)} is not a complete number`, offset);
    if (error === ScanError.UnexpectedEndOfString) throw new JsonError('this string is never closed: a " must end it on the same line', offset);
    const at = offset + badSpotInString(raw);
    if (error === ScanError.InvalidUnicode) throw new JsonError('"\\u" must be followed by four hex digits', at);
    if (error === ScanError.InvalidEscapeCharacter) {
      throw new JsonError(`${this.text.slice(at, at + 2)} is not a JSON escape (use \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)`, at);
    }
    const code = this.text.charCodeAt(at);
    const hex = code.toString(16).padStart(4, '0');
    throw new JsonError(`a control character (U+${hex.toUpperCase()}) inside a string; write it as \\u${hex}${code === 9 ? ' or \\t' : ''}`, at);
  }

  private token(kind: SyntaxKind): void {
    const offset = this.scanner.getTokenOffset();
    const open = this.stack[this.stack.length - 1];
    if (!open) {
      if (this.done) throw new JsonError(`${this.describe(kind)} after the end of the JSON value; a JSON file holds one value`, offset);
      return this.value(kind, offset);
    }
    if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) return this.close(open, kind, offset);
    if (kind === SyntaxKind.CommaToken) {
      if (open.expect !== 'comma') throw new JsonError(`expected ${this.expected(open)}, found ","`, offset);
      this.lastComma = offset;
      open.expect = open.kind === 'object' ? 'key' : 'value';
      return;
    }
    if (kind === SyntaxKind.ColonToken) {
      if (open.expect !== 'colon') throw new JsonError(`expected ${this.expected(open)}, found ":"`, offset);
      open.expect = 'value';
      return;
    }
    if (open.expect === 'comma') {
      const between = open.kind === 'object' ? 'properties' : 'array items';
      throw new JsonError(`missing "," between ${between} (before ${this.describe(kind)})`, offset);
    }
    if (open.kind === 'object' && (open.expect === 'first' || open.expect === 'key')) {
      if (kind !== SyntaxKind.StringLiteral) {
        const hint = kind === SyntaxKind.Unknown ? ': property names must be in double quotes' : '';
        throw new JsonError(`expected a property name in double quotes, found ${this.describe(kind)}${hint}`, offset);
      }
      open.expect = 'colon';
      return;
    }
    if (open.expect === 'colon') throw new JsonError(`expected ":" after the property name, found ${this.describe(kind)}`, offset);
    this.value(kind, offset);
  }

  private value(kind: SyntaxKind, offset: number): void {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      if (this.stack.length >= MAX_NESTING_DEPTH) throw new JsonError(tooDeepMessage(), offset);
      this.stack.push({ kind: kind === SyntaxKind.OpenBraceToken ? 'object' : 'array', offset, expect: 'first' });
      return;
    }
    const scalar = [SyntaxKind.StringLiteral, SyntaxKind.NumericLiteral, SyntaxKind.TrueKeyword, SyntaxKind.FalseKeyword, SyntaxKind.NullKeyword];
    if (!scalar.includes(kind)) throw new JsonError(`expected a value, found ${this.describe(kind)}${this.valueHint(kind)}`, offset);
    this.valueDone();
  }

  private close(open: Open, kind: SyntaxKind, offset: number): void {
    const closer = kind === SyntaxKind.CloseBraceToken ? '}' : ']';
    const expected = open.kind === 'object' ? '}' : ']';
    if (closer !== expected) {
      const opened = positionAt(this.text, open.offset);
      throw new JsonError(`found "${closer}" where the ${open.kind} opened on line ${opened.line}, column ${opened.column} needs its "${expected}"`, offset);
    }
    if (open.expect === 'key' || (open.expect === 'value' && open.kind === 'array')) {
      throw new JsonError(`trailing comma before "${closer}": JSON allows no "," after the last ${open.kind === 'object' ? 'property' : 'item'}`, this.lastComma);
    }
    if (open.expect === 'colon' || open.expect === 'value') throw new JsonError(`expected ${this.expected(open)}, found "${closer}"`, offset);
    this.stack.pop();
    this.valueDone();
  }

  private valueDone(): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.expect = 'comma';
    else this.done = true;
  }

  private expected(open: Open): string {
    if (open.expect === 'colon') return '":" after the property name';
    if (open.expect === 'value') return 'a value';
    if (open.expect === 'key') return 'a property name in double quotes';
    if (open.expect === 'first') return open.kind === 'object' ? 'a property name in double quotes or "}"' : 'a value or "]"';
    return open.kind === 'object' ? '"," or "}"' : '"," or "]"';
  }

  private describe(kind: SyntaxKind): string {
    if (kind === SyntaxKind.StringLiteral) return 'a string';
    if (kind === SyntaxKind.NumericLiteral) return 'a number';
    const raw = this.text.slice(this.scanner.getTokenOffset(), this.scanner.getTokenOffset() + this.scanner.getTokenLength());
    return quoted(raw);
  }

  private valueHint(kind: SyntaxKind): string {
    if (kind !== SyntaxKind.Unknown) return '';
    const raw = this.scanner.getTokenValue();
    if (raw.startsWith("'")) return ': strings must be in double quotes';
    return ': a value is a string in double quotes, a number, true, false, null, an object or an array';
  }
}

/** Where in a string token's raw text the first bad escape or control character is. */
function badSpotInString(raw: string): number {
  for (let i = 1; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x20) return i;
    if (c !== 0x5c) continue;
    const e = raw[i + 1] ?? '';
    if (e === 'u') {
      if (!/^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) return i;
      i += 5;
    } else if (!'"\\/bfnrt'.includes(e) || e === '') return i;
    else i++;
  }
  return 0;
}
