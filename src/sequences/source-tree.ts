import { type Alias, type Document, type LineCounter, isAlias, isMap, isNode, isScalar, isSeq, visit } from 'yaml';
import { formatBytes } from '../input/text-file';
import { MAX_ALIASES, MAX_EXPANDED_CHARS, MAX_EXPANDED_VALUES, MAX_NESTING_DEPTH } from './limits';
import type { Position, SequenceProblem } from './problems';
import { count, quoted } from './quote';
import { tooDeepMessage } from './syntax-limits';

export type SourceFormat = 'YAML' | 'JSON';

/** The file as a tree of plain values, each with where it was written. */
export type SourceNode = SourceScalar | SourceList | SourceMap;

interface SourceScalar {
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

/** Refusal of the whole tree: building stops at the first one. */
class TreeProblem extends Error {
  constructor(readonly problem: SequenceProblem) {
    super(problem.message);
  }
}

const NUL = '\u0000';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Turns a parsed document into plain values with positions, expanding aliases within bounds (how many,
 * how much they add up to, how deep) and refusing text the database cannot store. Linear in the
 * expanded tree, which the bounds keep small.
 */
export function buildSourceTree(
  doc: Document,
  lines: LineCounter,
  format: SourceFormat,
): { ok: true; root: SourceNode } | { ok: false; problem: SequenceProblem } {
  try {
    return { ok: true, root: new TreeBuilder(doc, lines, format).build(doc.contents, { line: 1, column: 1 }, 0) };
  } catch (error) {
    if (error instanceof TreeProblem) return { ok: false, problem: error.problem };
    throw error;
  }
}

class TreeBuilder {
  private aliases = 0;
  private chars = 0;
  private values = 0;
  private readonly path: (string | number)[] = [];
  /** Collections being built, to catch an alias inside the value it names. */
  private readonly open = new Set<unknown>();
  private readonly targets: Map<Alias, unknown>;

  constructor(
    doc: Document,
    private readonly lines: LineCounter,
    private readonly format: SourceFormat,
  ) {
    this.targets = aliasTargets(doc);
  }

  build(node: unknown, fallback: Position, depth: number): SourceNode {
    const at = this.positionOf(node) ?? fallback;
    if (isAlias(node)) return this.expand(node, at, depth);
    if (++this.values > MAX_EXPANDED_VALUES) {
      this.refuse(`holds more than ${count(MAX_EXPANDED_VALUES)} values${this.aliased()} (the limit for a sequence file)`, at);
    }
    if (isScalar(node)) return this.scalar(node.value, node.type === 'BLOCK_LITERAL', at);
    if (!isMap(node) && !isSeq(node)) return { kind: 'scalar', value: null, at, blockLiteral: false };
    if (depth >= MAX_NESTING_DEPTH) this.refuse(`${tooDeepMessage()}${this.aliased()}`, at);
    this.open.add(node);
    const built: SourceNode = isMap(node) ? this.mapping(node.items, at, depth) : this.list(node.items, at, depth);
    this.open.delete(node);
    return built;
  }

  private mapping(pairs: { key: unknown; value: unknown }[], at: Position, depth: number): SourceMap {
    const entries: SourceEntry[] = [];
    const seen = new Map<string, Position>();
    for (const pair of pairs) {
      const keyAt = this.positionOf(pair.key) ?? at;
      if (!isScalar(pair.key)) this.syntax('a key must be text, not a list, mapping or alias', keyAt);
      const written = pair.key.value;
      // YAML 1.1's merge key `<<` is a symbol; it is reported as the unknown field it is here.
      const key = typeof written === 'symbol' ? (written.description ?? '') : String(written);
      this.checkText(key, keyAt);
      const first = seen.get(key);
      if (first) this.syntax(`duplicate key ${quoted(key)} (first on line ${first.line}); keys must be unique`, keyAt);
      seen.set(key, keyAt);
      this.path.push(key);
      entries.push({ key, keyAt, value: this.build(pair.value, keyAt, depth + 1) });
      this.path.pop();
    }
    return { kind: 'map', entries, at };
  }

  private list(items: unknown[], at: Position, depth: number): SourceList {
    const built: SourceNode[] = [];
    items.forEach((item, i) => {
      this.path.push(i);
      built.push(this.build(item, at, depth + 1));
      this.path.pop();
    });
    return { kind: 'list', items: built, at };
  }

  private scalar(v: unknown, blockLiteral: boolean, at: Position): SourceScalar {
    // The core schema yields only these; anything else (a custom tag) is kept as its JSON text.
    const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : (JSON.stringify(v) ?? null);
    if (typeof value === 'string') this.checkText(value, at);
    return { kind: 'scalar', value, at, blockLiteral };
  }

  private expand(alias: Alias, at: Position, depth: number): SourceNode {
    const target = this.targets.get(alias);
    if (!isNode(target)) this.syntax(`alias *${alias.source} names no anchor written before it`, at);
    if (this.open.has(target)) this.refuse(`alias *${alias.source} is inside the value it names, so it would never end`, at);
    if (++this.aliases > MAX_ALIASES) {
      const why = 'an alias inside an anchored value counts once for every copy';
      this.refuse(`alias *${alias.source}: more than ${MAX_ALIASES} aliases expanded, the limit for a sequence file (${why})`, at);
    }
    return this.build(target, at, depth);
  }

  private checkText(text: string, at: Position): void {
    this.chars += text.length;
    if (this.chars > MAX_EXPANDED_CHARS) {
      this.refuse(`holds more than ${formatBytes(MAX_EXPANDED_CHARS)} of text${this.aliased()} (the limit for a sequence file)`, at);
    }
    if (text.includes(NUL)) this.refuse('the text holds a NUL character (\\u0000), which cannot be stored; remove it', at);
    if (LONE_SURROGATE.test(text)) {
      this.refuse('the text holds half of a UTF-16 surrogate pair (an escape such as \\ud800 alone), which is not a character and cannot be stored', at);
    }
  }

  private aliased(): string {
    return this.aliases > 0 ? ' with its aliases expanded' : '';
  }

  private refuse(message: string, at: Position): never {
    throw new TreeProblem({ message: `${this.where()}: ${message}`, ...at });
  }

  private syntax(message: string, at: Position): never {
    throw new TreeProblem({ message: `${this.format} syntax error: ${message}`, ...at });
  }

  /** `templates.intro.variants[0].body`, or `sequence` at the top. */
  private where(): string {
    if (this.path.length === 0) return 'sequence';
    return this.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? quotedKey(p) : `.${quotedKey(p)}`)).join('');
  }

  private positionOf(node: unknown): Position | undefined {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (!range) return undefined;
    const { line, col } = this.lines.linePos(range[0]);
    return { line, column: col };
  }
}

function quotedKey(key: string): string {
  return /^[A-Za-z0-9_-]{1,40}$/.test(key) ? key : quoted(key);
}

/** Each alias to the last node before it carrying its anchor, in one pass (the library's resolve() walks the document per alias). */
function aliasTargets(doc: Document): Map<Alias, unknown> {
  const targets = new Map<Alias, unknown>();
  const anchors = new Map<string, unknown>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) targets.set(node, anchors.get(node.source));
      else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  return targets;
}
