import { isAlias, isNode, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { SendersFileError } from './errors';
import { MAX_ALIASES } from './limits';

export interface ParsedSource {
  value: unknown;
  /** The line of the deepest node on this path that exists in the file (1 when none does). */
  lineOf(at: (string | number)[]): number;
}

/**
 * Parses YAML or JSON text into plain values, refusing syntax errors (by line), more than MAX_ALIASES alias
 * uses, and nesting too deep for the parser (it reports a stack overflow, which we name as such).
 */
export function parseYamlSource(file: string, text: string): ParsedSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number): number => lines.linePos(offset).line;
  if (doc.errors.length > 0) {
    throw new SendersFileError(
      file,
      doc.errors.map((e) => ({
        line: lineAt(e.pos[0]),
        path: '',
        message: /call stack/i.test(e.message) ? 'nested too deeply to parse' : e.message,
      })),
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    const line = firstAliasLine(doc, lineAt);
    const message = /alias count/i.test(error.message)
      ? `aliases expand more than ${MAX_ALIASES} times, the limit for a senders file (an alias bomb?)`
      : error.message;
    throw new SendersFileError(file, [{ line, path: '', message }]);
  }
  return {
    value,
    lineOf(at) {
      for (let keep = at.length; keep >= 0; keep--) {
        const node = doc.getIn(at.slice(0, keep), true);
        if (isNode(node) && node.range) return lineAt(node.range[0]);
      }
      return 1;
    },
  };
}

function firstAliasLine(doc: Document, lineAt: (offset: number) => number): number {
  let line = 1;
  visit(doc, {
    Alias(_, node) {
      if (isAlias(node) && node.range) line = lineAt(node.range[0]);
      return visit.BREAK;
    },
  });
  return line;
}
