import { ForTag, Tag, TablerowTag, type Template, type Token, TypeGuards, Value } from 'liquidjs';
import { childrenOf } from './template-tree';
import { RENDER_MEMORY_LIMIT, RENDER_OUTPUT_MAX_CHARS, RENDER_STEP_LIMIT, count, limitPhrase } from './template-limits';

/** A part of a template that exceeds a render bound whenever it renders; `row` is its line in the template. */
export interface BoundFinding {
  message: string;
  row: number;
}

/**
 * What can be told from the template alone, whichever branch a lead's values take: a literal range longer
 * than a render may build, and loops with literal bounds that make more passes (with the literal loops
 * around them) or write more literal text than a render allows. A loop that may `break` is not judged.
 */
export function checkTemplateBounds(templates: Template[]): BoundFinding[] {
  const findings: BoundFinding[] = [];
  for (const t of everyTemplate(templates)) {
    for (const token of rangeTokens(t)) {
      const size = rangeSize(token);
      if (size === undefined || size <= RENDER_MEMORY_LIMIT) continue;
      const message = `${token.getText()} makes a list of ${count(size)} items, over ${limitPhrase('memory', RENDER_MEMORY_LIMIT)}`;
      findings.push({ message, row: rowOf(token) });
    }
  }
  checkLoops(templates, [], findings);
  return findings;
}

type Loop = ForTag | TablerowTag;

function checkLoops(templates: Template[], around: number[], findings: BoundFinding[]): void {
  for (const t of templates) {
    if (!(t instanceof ForTag || t instanceof TablerowTag)) {
      checkLoops(childrenOf(t), around, findings);
      continue;
    }
    const n = mayBreak(t.templates) ? undefined : passes(t);
    const nested = n === undefined ? around : [...around, n];
    const total = nested.reduce((product, x) => product * x, 1);
    if (n !== undefined && total > RENDER_STEP_LIMIT) {
      const inAll = around.length > 0 ? ` in all (${nested.map(count).join(' × ')} with the loops around it)` : '';
      findings.push({ message: `${tagText(t)} runs ${count(total)} passes${inAll}, over ${limitPhrase('steps', RENDER_STEP_LIMIT)}`, row: rowOf(t.token) });
      continue;
    }
    const perPass = mayStopEarly(t.templates) ? 0 : literalChars(t.templates);
    if (n !== undefined && perPass * total > RENDER_OUTPUT_MAX_CHARS) {
      const message = `${tagText(t)} writes at least ${count(perPass * total)} characters (${count(perPass)} a pass × ${count(total)} passes), over ${limitPhrase('output', RENDER_OUTPUT_MAX_CHARS)}`;
      findings.push({ message, row: rowOf(t.token) });
      continue;
    }
    checkLoops(t.templates, nested, findings);
    if (t instanceof ForTag) checkLoops(t.elseTemplates, around, findings);
  }
}

/** Passes a loop makes when its collection is a literal range and its `limit` and `offset` are literal. */
function passes(loop: Loop): number | undefined {
  const size = TypeGuards.isRangeToken(loop.collection) ? rangeSize(loop.collection) : undefined;
  // A range too long to build is reported as such; the loop never gets to run.
  if (size === undefined || size > RENDER_MEMORY_LIMIT) return undefined;
  const hash = loop instanceof ForTag ? loop.hash.hash : loop.args.hash;
  const offset = 'offset' in hash ? literalNumber(hash.offset) : 0;
  const limit = 'limit' in hash ? literalNumber(hash.limit) : size;
  if (offset === undefined || limit === undefined) return undefined;
  return Math.max(0, Math.min(size - Math.max(0, offset), limit));
}

/** Items in a range with literal ends, as liquidjs counts them. */
function rangeSize(token: Token): number | undefined {
  if (!TypeGuards.isRangeToken(token)) return undefined;
  const low = literalNumber(token.lhs);
  const high = literalNumber(token.rhs);
  return low === undefined || high === undefined ? undefined : Math.max(0, high - low + 1);
}

function literalNumber(token: Token | undefined): number | undefined {
  if (TypeGuards.isNumberToken(token)) return token.content;
  if (TypeGuards.isQuotedToken(token) && token.content.trim() !== '' && Number.isFinite(Number(token.content))) return Number(token.content);
  return undefined;
}

/** A `break` in the loop's own body (not in a loop inside it) may end it at any pass. */
function mayBreak(body: Template[]): boolean {
  return ownTags(body).some((name) => name === 'break');
}

function mayStopEarly(body: Template[]): boolean {
  return ownTags(body).some((name) => name === 'break' || name === 'continue');
}

function ownTags(body: Template[]): string[] {
  const names: string[] = [];
  const pending = [...body];
  for (let t = pending.pop(); t; t = pending.pop()) {
    if (t instanceof ForTag || t instanceof TablerowTag) continue;
    if (t instanceof Tag) names.push(t.name);
    pending.push(...childrenOf(t));
  }
  return names;
}

/** Literal text every pass writes: the loop body's own text, outside any branch. */
function literalChars(body: Template[]): number {
  return body.reduce((sum, t) => sum + (TypeGuards.isHTMLToken(t.token) ? t.token.getContent().length : 0), 0);
}

function everyTemplate(templates: Template[]): Template[] {
  const all: Template[] = [];
  const pending = [...templates];
  for (let t = pending.pop(); t; t = pending.pop()) {
    all.push(t);
    pending.push(...childrenOf(t));
  }
  return all;
}

/** Every range written in a template's arguments, however deep inside filters and property lookups. */
function rangeTokens(t: Template): Token[] {
  const ranges: Token[] = [];
  const pending: unknown[] = [...(t.arguments?.() ?? [])];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if (item instanceof Value || TypeGuards.isFilteredValueToken(item)) {
      pending.push(...item.initial.postfix, ...item.filters.flatMap((f) => f.args.map((a) => (Array.isArray(a) ? a[1] : a))));
    } else if (TypeGuards.isRangeToken(item)) {
      ranges.push(item);
      pending.push(item.lhs, item.rhs);
    } else if (TypeGuards.isPropertyAccessToken(item)) {
      pending.push(...item.props, ...(item.variable ? [item.variable] : []));
    }
  }
  return ranges;
}

function tagText(t: Loop): string {
  const text = t.token.getText();
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function rowOf(token: Token): number {
  return token.getPosition()[0] ?? 1;
}
