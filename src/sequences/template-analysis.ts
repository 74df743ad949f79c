import { Tag, type Template, TypeGuards, Value } from 'liquidjs';
import { liquid } from './liquid';
import { TEMPLATE_NESTING_MAX, count } from './template-limits';
import { childrenOf, nestingDepth } from './template-tree';

interface VariableUse {
  /** Root name: `company` for `{{ company.size }}`. */
  name: string;
  /** 1-based line and column inside the template text. */
  row: number;
  col: number;
  /** This use is the subject of a `default` filter (`{{ company | default: 'you' }}`). */
  defaulted: boolean;
}

export interface TemplateFacts {
  /** The parsed template, for checks of their own. */
  templates: Template[];
  /** Variables the template expects from outside (not assigned or looped over in it). */
  uses: VariableUse[];
  /** The text outside `{{ }}` and `{% %}`, every branch included. */
  literalText: string;
  /** `include`, `render` or `layout` tags, which have no templates to load here. */
  partialTags: string[];
}

const PARTIAL_TAGS = new Set(['include', 'render', 'layout']);

const TOO_DEEP = 'nests too deeply to parse (tags, brackets or filters within one another)';

/** Parses and analyses a template; `problem` says why it cannot be ("does not parse ...", "nests ..."). */
export function analyzeTemplate(source: string): { ok: true; facts: TemplateFacts } | { ok: false; problem: string } {
  let templates: Template[];
  try {
    templates = liquid.parse(source);
  } catch (e) {
    return { ok: false, problem: stackOverflow(e) ? TOO_DEEP : `does not parse as a Liquid template: ${(e as Error).message}` };
  }
  const depth = nestingDepth(templates);
  if (depth > TEMPLATE_NESTING_MAX) {
    return { ok: false, problem: `nests blocks ${count(depth)} deep; a template may nest at most ${count(TEMPLATE_NESTING_MAX)}` };
  }
  try {
    return { ok: true, facts: { templates, ...facts(templates) } };
  } catch (e) {
    if (stackOverflow(e)) return { ok: false, problem: TOO_DEEP };
    throw e;
  }
}

function facts(templates: Template[]): Omit<TemplateFacts, 'templates'> {
  const defaulted = new Set<string>();
  let literalText = '';
  const partialTags: string[] = [];
  walk(templates, (t) => {
    if (TypeGuards.isHTMLToken(t.token)) literalText += t.token.getContent();
    if (t instanceof Tag && PARTIAL_TAGS.has(t.name)) partialTags.push(t.name);
    for (const arg of t.arguments?.() ?? []) {
      if (!(arg instanceof Value) || !arg.filters.some((f) => f.name === 'default')) continue;
      for (const token of arg.initial.postfix) {
        if (TypeGuards.isPropertyAccessToken(token)) defaulted.add(token.getPosition().join(':'));
      }
    }
  });
  const { globals } = liquid.analyzeSync(templates, { partials: false });
  const uses = Object.entries(globals).flatMap(([name, variables]) =>
    variables.map(({ location: { row, col } }) => ({ name, row, col, defaulted: defaulted.has(`${row}:${col}`) })),
  );
  return { uses, literalText, partialTags };
}

function walk(templates: Template[], visit: (t: Template) => void): void {
  const pending = [...templates].reverse();
  for (let t = pending.pop(); t; t = pending.pop()) {
    visit(t);
    pending.push(...childrenOf(t).reverse());
  }
}

function stackOverflow(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = (e as { originalError?: unknown }).originalError) {
    if (e instanceof RangeError && e.message.startsWith('Maximum call stack')) return true;
  }
  return false;
}

