import { liquid } from './liquid';
import type { TemplateVariant } from './model';

/**
 * Renders a variant for one person. An empty field counts as missing, so it takes a `default` and fails an
 * `if`; anything else missing renders empty. The result is trimmed: Liquid tags and `|` blocks leave
 * stray blank lines and a final newline that a message should not carry.
 */
export function renderTemplate(variant: TemplateVariant, variables: Record<string, string>): { subject?: string; body: string } {
  const scope = Object.fromEntries(Object.entries(variables).filter(([, value]) => value !== ''));
  const render = (source: string) => String(liquid.parseAndRenderSync(source, scope)).trim();
  return {
    ...(variant.subject !== undefined && { subject: render(variant.subject) }),
    body: render(variant.body),
  };
}
