import {
  createScanner,
  findNodeAtLocation,
  getNodeValue,
  parseTree,
  printParseErrorCode,
  SyntaxKind,
  type Node,
  type ParseError,
} from 'jsonc-parser';

/** A JSON file with positions: the value, and where any path of it is written (`12:5`). */
export interface JsonSource {
  value: unknown;
  /** `line:column` of the deepest node on this path that exists (the file's start when none does). */
  positionOf(path: (string | number)[]): string;
}

/** A file that is not the JSON we take; the message names the file, line and column. */
class JsonSourceError extends Error {
  override readonly name = 'JsonSourceError';
}

const SYNTAX: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'not a valid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":" after the property name',
  CommaExpected: 'expected a comma',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'unexpected content after the end of the JSON value',
  InvalidCommentToken: 'comments are not JSON',
  UnexpectedEndOfComment: 'comments are not JSON',
  UnexpectedEndOfString: 'a string without its closing quote',
  UnexpectedEndOfNumber: 'a number cut short',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape in a string',
  InvalidCharacter: 'a control character (a raw line break or tab?) inside a string',
};

/**
 * Parses strict JSON (no comments, no trailing commas) with every position kept, refusing nesting deeper than
 * `maxDepth` before the (recursive) parser sees it, and the first syntax error at its line and column.
 */
export function parseJsonSource(file: string, text: string, maxDepth: number): JsonSource {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const at = (offset: number): string => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return `${lo + 1}:${offset - (lineStarts[lo] as number) + 1}`;
  };

  const deep = firstOffsetDeeperThan(text, maxDepth);
  if (deep !== undefined) throw new JsonSourceError(`${file}:${at(deep)}: nests deeper than ${maxDepth} levels, the limit for this file`);

  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first || !tree) {
    const offset = first?.offset ?? 0;
    const comma = trailingCommaBefore(text, offset);
    const code = first ? printParseErrorCode(first.error) : undefined;
    if (comma !== undefined && (code === 'PropertyNameExpected' || code === 'ValueExpected')) {
      throw new JsonSourceError(`${file}:${at(comma)}: a trailing comma (JSON allows none before "]" or "}")`);
    }
    throw new JsonSourceError(`${file}:${at(offset)}: ${(code && SYNTAX[code]) ?? 'not valid JSON'}`);
  }
  const duplicate = firstDuplicateKey(tree);
  if (duplicate?.key === '__proto__') throw new JsonSourceError(`${file}:${at(duplicate.offset)}: a key named "__proto__" is not allowed`);
  if (duplicate) throw new JsonSourceError(`${file}:${at(duplicate.offset)}: "${duplicate.key}" appears twice in one object`);

  return {
    value: getNodeValue(tree),
    positionOf(path) {
      for (let keep = path.length; keep > 0; keep--) {
        const node = findNodeAtLocation(tree, path.slice(0, keep));
        if (node) return at(node.parent?.type === 'property' ? node.parent.offset : node.offset);
      }
      return at(tree.offset);
    },
  };
}

function firstOffsetDeeperThan(text: string, maxDepth: number): number | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      if (++depth > maxDepth) return scanner.getTokenOffset();
    } else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) depth--;
  }
  return undefined;
}

function trailingCommaBefore(text: string, offset: number): number | undefined {
  let i = offset;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  if (text[i] !== ']' && text[i] !== '}') return undefined;
  let j = offset - 1;
  while (j >= 0 && /\s/.test(text[j] as string)) j--;
  return text[j] === ',' ? j : undefined;
}

/**
 * Walks the tree without recursion for a key that would mislead: the second of two equal keys (JSON.parse
 * keeps the last without a word), or `__proto__` (assigning it swaps the object's prototype).
 */
function firstDuplicateKey(root: Node): { key: string; offset: number } | undefined {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const key = property.children?.[0]?.value as string | undefined;
        if (key === undefined) continue;
        if (key === '__proto__') return { key, offset: property.offset };
        if (seen.has(key)) return { key: key.length > 60 ? `${key.slice(0, 60)}…` : key, offset: property.offset };
        seen.add(key);
      }
    }
    for (const child of node.children ?? []) stack.push(child);
  }
  return undefined;
}
