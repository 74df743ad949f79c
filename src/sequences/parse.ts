import { Composer, type CST, type Document, LineCounter, Parser, type YAMLError } from 'yaml';
import { formatBytes } from '../input/text-file';
import { strictJsonProblem } from './json-syntax';
import { MAX_SEQUENCE_FILE_BYTES } from './limits';
import type { SequenceProblem } from './problems';
import { count } from './quote';
import { buildSourceTree, type SourceFormat, type SourceNode } from './source-tree';
import { documentShapeProblem, tooManyTokens } from './syntax-limits';

export type { SourceEntry, SourceFormat, SourceList, SourceMap, SourceNode } from './source-tree';

export type ParseResult =
  | { ok: true; format: SourceFormat; root: SourceNode }
  | { ok: false; format: SourceFormat; problems: SequenceProblem[] };

const SYNTAX_MESSAGE_CHARS = 200;

/** By extension; a file without a known one is JSON when it starts with `{`. */
export function detectFormat(fileName: string, text: string): SourceFormat {
  if (/\.json$/i.test(fileName)) return 'JSON';
  if (/\.ya?ml$/i.test(fileName)) return 'YAML';
  return /^\s*\{/.test(text) ? 'JSON' : 'YAML';
}

/**
 * One parser for both formats (JSON is YAML), but JSON files must also be strict JSON. Every step is
 * bounded before the next one spends memory: the size, then the token count (streamed), then nesting
 * on the parser's tokens, and only then the document is composed (whose own recursion follows nesting).
 */
export function parseSource(withBom: string, fileName: string): ParseResult {
  const text = withBom.startsWith('\uFEFF') ? withBom.slice(1) : withBom;
  const format = detectFormat(fileName, text);
  const fail = (problem: SequenceProblem): ParseResult => ({ ok: false, format, problems: [problem] });
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SEQUENCE_FILE_BYTES) {
    const limit = `${formatBytes(MAX_SEQUENCE_FILE_BYTES)} (${count(MAX_SEQUENCE_FILE_BYTES)} bytes)`;
    return fail({ message: `sequence: the text is ${count(bytes)} bytes, over the limit of ${limit} for a sequence file` });
  }
  const jsonProblem = format === 'JSON' ? strictJsonProblem(text) : undefined;
  if (jsonProblem) return fail(jsonProblem);
  const tokenProblem = tooManyTokens(text);
  if (tokenProblem) return fail(tokenProblem);

  const lines = new LineCounter();
  const tokens = Array.from(new Parser(lines.addNewLine).parse(text));
  const shapeProblem = documentShapeProblem(tokens, text);
  if (shapeProblem) return fail(shapeProblem);
  // Duplicate keys are found while building the tree: the library's own check is quadratic in a mapping's size.
  const doc = composeOne(new Composer({ uniqueKeys: false }), tokens, text.length);
  if (doc.errors.length > 0) return { ok: false, format, problems: doc.errors.map((e) => syntaxProblem(e, format, lines)) };
  if (doc.contents === null) return fail({ message: `the ${format} file is empty` });
  const tree = buildSourceTree(doc, lines, format);
  return tree.ok ? { ok: true, format, root: tree.root } : fail(tree.problem);
}

function syntaxProblem(error: YAMLError, format: SourceFormat, lines: LineCounter): SequenceProblem {
  const { line, col } = lines.linePos(error.pos[0]);
  const first = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.message;
  // The library quotes the token at fault, which may be a whole block of text.
  const short = first.length > SYNTAX_MESSAGE_CHARS ? `${first.slice(0, SYNTAX_MESSAGE_CHARS)}…` : first;
  return { message: `${format} syntax error: ${short}`, line, column: col };
}

/** The file's one document (documentShapeProblem has refused a second). */
function composeOne(composer: Composer, tokens: CST.Token[], length: number): Document {
  for (const doc of composer.compose(tokens, true, length)) return doc;
  throw new Error('the YAML composer returned no document');
}
