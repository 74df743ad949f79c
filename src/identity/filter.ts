import { didYouMean } from '../sequences/suggest';
import { InvalidValue, normalizeChain } from './normalize';

/**
 * The audience filter language (docs/audiences.md):
 *
 *   expr   := term ('or' term)*
 *   term   := factor (('and' | ',') factor)*
 *   factor := 'not' factor | '(' expr ')' | 'all' | KEY ':' VALUE
 *
 * KEY is has, tag, chain or audience; VALUE is a bare word or a "quoted string". Keywords are case-insensitive.
 */
export type Filter =
  | { op: 'and' | 'or'; args: Filter[] }
  | { op: 'not'; arg: Filter }
  | { op: 'has'; what: HasWhat }
  | { op: 'tag' | 'chain' | 'audience'; name: string }
  | { op: 'all' };

const HAS_WHAT = ['x', 'email', 'crypto', 'linkedin'] as const;
export type HasWhat = (typeof HAS_WHAT)[number];
const KEYS = ['has', 'tag', 'chain', 'audience'] as const;

export class FilterError extends Error {
  constructor(message: string, readonly column: number) {
    super(`filter, column ${column}: ${message}`);
  }
}

type Token = { kind: '(' | ')' | ',' | 'end'; at: number } | { kind: 'word'; at: number; key?: string; text: string };

export function parseFilter(text: string): Filter {
  const tokens = tokenize(text);
  let next = 0;
  const peek = () => tokens[next] as Token;
  const isWord = (word: string) => {
    const t = peek();
    return t.kind === 'word' && t.key === undefined && t.text.toLowerCase() === word;
  };
  const describe = (t: Token) => (t.kind === 'end' ? 'the end' : t.kind === 'word' ? `"${t.key ? `${t.key}:` : ''}${t.text}"` : `"${t.kind}"`);

  const expr = (): Filter => {
    const args = [term()];
    while (isWord('or')) {
      next++;
      args.push(term());
    }
    return args.length === 1 ? (args[0] as Filter) : { op: 'or', args };
  };
  const term = (): Filter => {
    const args = [factor()];
    while (isWord('and') || peek().kind === ',') {
      next++;
      args.push(factor());
    }
    return args.length === 1 ? (args[0] as Filter) : { op: 'and', args };
  };
  const factor = (): Filter => {
    const t = peek();
    next++;
    if (t.kind === '(') {
      const inner = expr();
      const close = peek();
      if (close.kind !== ')') throw new FilterError(`expected ")" to close the "(" at column ${t.at}, found ${describe(close)}`, close.at);
      next++;
      return inner;
    }
    if (t.kind !== 'word') throw new FilterError(`expected a condition, found ${describe(t)}`, t.at);
    if (t.key === undefined) {
      const word = t.text.toLowerCase();
      if (word === 'not') return { op: 'not', arg: factor() };
      if (word === 'all') return { op: 'all' };
      throw new FilterError(`expected has:, tag:, chain:, audience:, all, not or "(", found "${t.text}"`, t.at);
    }
    return atom(t.key, t.text, t.at);
  };

  const filter = expr();
  const end = peek();
  if (end.kind !== 'end') throw new FilterError(`expected "and", "or" or the end, found ${describe(end)}`, end.at);
  return filter;
}

function atom(key: string, value: string, at: number): Filter {
  const k = key.toLowerCase();
  if (value === '') throw new FilterError(`"${key}:" needs a value`, at);
  if (k === 'has') {
    const what = value.toLowerCase();
    if ((HAS_WHAT as readonly string[]).includes(what)) return { op: 'has', what: what as HasWhat };
    throw new FilterError(`unknown "has:${value}"${didYouMean(what, HAS_WHAT)}; expected ${HAS_WHAT.map((w) => `has:${w}`).join(', ')}`, at);
  }
  if (k === 'tag') return { op: k, name: value.toLowerCase() };
  if (k === 'chain') {
    try {
      return { op: k, name: normalizeChain(value) };
    } catch (error) {
      if (error instanceof InvalidValue) throw new FilterError(error.message, at);
      throw error;
    }
  }
  if (k === 'audience') return { op: 'audience', name: value };
  throw new FilterError(`unknown condition "${key}:"${didYouMean(k, KEYS)}; expected ${KEYS.map((x) => `${x}:`).join(', ')}`, at);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, at: i + 1 });
      i++;
    } else {
      const at = i + 1;
      let word = '';
      while (i < text.length && !/[\s(),":]/.test(text[i] as string)) word += text[i++];
      if (text[i] !== ':') {
        if (text[i] === '"') throw new FilterError('a quoted value must follow "KEY:"', i + 1);
        tokens.push({ kind: 'word', at, text: word });
        continue;
      }
      i++;
      let value = '';
      if (text[i] === '"') {
        const close = text.indexOf('"', i + 1);
        if (close === -1) throw new FilterError('unclosed quote', i + 1);
        value = text.slice(i + 1, close);
        i = close + 1;
      } else {
        while (i < text.length && !/[\s(),"]/.test(text[i] as string)) value += text[i++];
      }
      tokens.push({ kind: 'word', at, key: word, text: value });
    }
  }
  tokens.push({ kind: 'end', at: text.length + 1 });
  return tokens;
}

/** The audiences a filter names (`audience:NAME`). */
export function audienceNames(f: Filter): Set<string> {
  const names = new Set<string>();
  const visit = (node: Filter): void => {
    if (node.op === 'audience') names.add(node.name);
    else if (node.op === 'and' || node.op === 'or') node.args.forEach(visit);
    else if (node.op === 'not') visit(node.arg);
  };
  visit(f);
  return names;
}

/** The filter written back in canonical form, fully parenthesised where it nests. */
export function formatFilter(f: Filter): string {
  switch (f.op) {
    case 'and':
    case 'or':
      return f.args.map((a) => (a.op === 'and' || a.op === 'or' ? `(${formatFilter(a)})` : formatFilter(a))).join(` ${f.op} `);
    case 'not':
      return `not ${f.arg.op === 'and' || f.arg.op === 'or' ? `(${formatFilter(f.arg)})` : formatFilter(f.arg)}`;
    case 'has':
      return `has:${f.what}`;
    case 'tag':
    case 'chain':
    case 'audience':
      return `${f.op}:${/^[^\s(),":]+$/.test(f.name) ? f.name : `"${f.name}"`}`;
    case 'all':
      return 'all';
  }
}
