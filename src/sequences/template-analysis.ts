import { Tag, type Template, TypeGuards, Value, toValueSync } from 'liquidjs';
import { liquid } from './liquid';

export interface VariableUse {
  /** Root name: `company` for `{{ company.size }}`. */
  name: string;
  /** 1-based line and column inside the template text. */
  row: number;
  col: number;
  /** This use is the subject of a `default` filter (`{{ company | default: 'you' }}`). */
  defaulted: boolean;
}

export interface TemplateFacts {
  /** Variables the template expects from outside (not assigned or looped over in it). */
  uses: VariableUse[];
  /** The text outside `{{ }}` and `{% %}`, every branch included. */
  literalText: string;
  /** `include`, `render` or `layout` tags, which have no templates to load here. */
  partialTags: string[];
}

const PARTIAL_TAGS = new Set(['include', 'render', 'layout']);

export function analyzeTemplate(source: string): { ok: true; facts: TemplateFacts } | { ok: false; error: string } {
  let templates: Template[];
  try {
    templates = liquid.parse(source);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
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
  return { ok: true, facts: { uses, literalText, partialTags } };
}

function walk(templates: Template[], visit: (t: Template) => void): void {
  for (const t of templates) {
    visit(t);
    if (t.children) walk(toValueSync(t.children(false, true)), visit);
  }
}
