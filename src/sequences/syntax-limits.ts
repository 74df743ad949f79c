import { type CST, Lexer } from 'yaml';
import { MAX_NESTING_DEPTH, MAX_SYNTAX_TOKENS } from './limits';
import type { Position, SequenceProblem } from './problems';
import { count } from './quote';

/** What the parser's own recursion must never see: checked on the token stream, which it builds without recursing. */
export function tooDeepMessage(): string {
  return `nested more than ${MAX_NESTING_DEPTH} levels deep, the limit for a sequence file (the format itself needs 5)`;
}

/** The lexer's markers for the parser; they are not text of the file. */
const MARKERS = new Set(['\u0002', '\u0018', '\u001f']);

/** Counts tokens as the lexer streams them, before the parser spends memory on any. */
export function tooManyTokens(text: string): SequenceProblem | undefined {
  let tokens = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (MARKERS.has(token)) continue;
    if (++tokens > MAX_SYNTAX_TOKENS) {
      const what = 'YAML tokens (keys, values, punctuation, line breaks and comments)';
      const message = `sequence: the file holds more than ${count(MAX_SYNTAX_TOKENS)} ${what}, the limit for a sequence file (one at every count limit has under 180,000)`;
      return { message, ...positionAt(text, offset) };
    }
    offset += token.length;
  }
  return undefined;
}

/** One document, nested no deeper than the limit; walks the parser's tokens with a stack, not recursion. */
export function documentShapeProblem(tokens: CST.Token[], text: string): SequenceProblem | undefined {
  const documents = tokens.filter((t) => t.type === 'document');
  const second = documents[1];
  if (second) {
    const message = 'YAML syntax error: the file holds more than one document (a line with --- starts another); a sequence file holds one';
    return { message, ...positionAt(text, second.offset) };
  }
  const stack: [CST.Token, number][] = documents.map((d) => [d, 0]);
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [token, depth] = top;
    if (token.type === 'document') {
      if (token.value) stack.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth >= MAX_NESTING_DEPTH) return { message: `sequence: ${tooDeepMessage()}`, ...positionAt(text, token.offset) };
      for (const item of token.items) {
        if (item.value) stack.push([item.value, depth + 1]);
        if ('key' in item && item.key) stack.push([item.key, depth + 1]);
      }
    }
  }
  return undefined;
}

/** 1-based line and column of an offset in the text. */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
