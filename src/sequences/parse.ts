import { type Document, LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Position, SequenceProblem } from './problems';

export type SourceFormat = 'YAML' | 'JSON';

/** The file as a tree of plain values, each with where it was written. */
export type SourceNode = SourceScalar | SourceList | SourceMap;

export interface SourceScalar {
  kind: 'scalar';
  value: string | number | boolean | null;
  at: Position;
  /** A `|` block: its text starts on the line after `at`, line for line. */
  blockLiteral: boolean;
}

export interface SourceList {
  kind: 'list';
  items: SourceNode[];
  at: Position;
}

export interface SourceMap {
  kind: 'map';
  entries: SourceEntry[];
  at: Position;
}

export interface SourceEntry {
  key: string;
  keyAt: Position;
  value: SourceNode;
}

export type ParseResult =
  | { ok: true; format: SourceFormat; root: SourceNode }
  | { ok: false; format: SourceFormat; problems: SequenceProblem[] };

/** By extension; a file without a known one is JSON when it starts with `{`. */
export function detectFormat(fileName: string, text: string): SourceFormat {
  if (/\.json$/i.test(fileName)) return 'JSON';
  if (/\.ya?ml$/i.test(fileName)) return 'YAML';
  return text.trimStart().startsWith('{') ? 'JSON' : 'YAML';
}

/** One parser for both formats (JSON is YAML), but JSON files must also be strict JSON. */
export function parseSource(text: string, fileName: string): ParseResult {
  const format = detectFormat(fileName, text);
  if (format === 'JSON') {
    const problem = strictJsonProblem(text);
    if (problem) return { ok: false, format, problems: [problem] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const pos = e.linePos?.[0];
      const first = e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? e.message;
      return { message: `${format} syntax error: ${first}`, line: pos?.line, column: pos?.col };
    });
    return { ok: false, format, problems };
  }
  if (doc.contents === null) return { ok: false, format, problems: [{ message: `the ${format} file is empty` }] };
  return { ok: true, format, root: toSource(doc, doc.contents, lines) };
}

function strictJsonProblem(text: string): SequenceProblem | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const message = (e as Error).message;
    const offset = Number(/position (\d+)/.exec(message)?.[1] ?? text.length);
    const before = text.slice(0, offset).split('\n');
    const line = before.length;
    const column = (before[line - 1]?.length ?? 0) + 1;
    return { message: `JSON syntax error: ${message.replace(/ in JSON at position \d+.*$/, '')}`, line, column };
  }
}

function toSource(doc: Document, node: unknown, lines: LineCounter, fallback?: Position): SourceNode {
  const at = positionOf(node, lines) ?? fallback ?? { line: 1, column: 1 };
  if (isAlias(node)) return toSource(doc, node.resolve(doc), lines, at);
  if (isMap(node)) {
    const entries = node.items.map((pair) => {
      const keyAt = positionOf(pair.key, lines) ?? at;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      return { key, keyAt, value: toSource(doc, pair.value, lines, keyAt) };
    });
    return { kind: 'map', entries, at };
  }
  if (isSeq(node)) return { kind: 'list', items: node.items.map((item) => toSource(doc, item, lines, at)), at };
  if (isScalar(node)) {
    const v = node.value;
    // The core schema yields only these; anything else (a custom tag) is kept as its JSON text.
    const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : (JSON.stringify(v) ?? null);
    return { kind: 'scalar', value, at, blockLiteral: node.type === 'BLOCK_LITERAL' };
  }
  return { kind: 'scalar', value: null, at, blockLiteral: false };
}

function positionOf(node: unknown, lines: LineCounter): Position | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (!range) return undefined;
  const { line, col } = lines.linePos(range[0]);
  return { line, column: col };
}
