import type { TemplateVariant } from './model';
import { type RenderOptions, TemplateRenderError, renderBounded } from './template-render';

/** A variant that could not be rendered for this person; the message names the variant, the part and why. */
export class MessageRenderError extends Error {
  override readonly name = 'MessageRenderError';
  constructor(
    readonly variantId: string,
    readonly part: 'subject' | 'body',
    override readonly cause: TemplateRenderError,
  ) {
    super(`variant ${variantId}, ${part}: ${cause.message}`);
  }
}

/**
 * Renders a variant for one person, inside the render bounds (`template-limits.ts`). An empty field counts
 * as missing, so it takes a `default` and fails an `if`; anything else missing renders empty. The result is
 * trimmed: Liquid tags and `|` blocks leave stray blank lines and a final newline that a message should not
 * carry. Throws MessageRenderError when a part cannot be rendered.
 */
export function renderTemplate(
  variant: TemplateVariant,
  variables: Record<string, string>,
  opts: RenderOptions = {},
): { subject?: string; body: string } {
  const scope = Object.fromEntries(Object.entries(variables).filter(([, value]) => value !== ''));
  const render = (part: 'subject' | 'body', source: string) => {
    try {
      return renderBounded(source, scope, opts).trim();
    } catch (error) {
      if (error instanceof TemplateRenderError) throw new MessageRenderError(variant.id, part, error);
      throw error;
    }
  };
  return {
    ...(variant.subject !== undefined && { subject: render('subject', variant.subject) }),
    body: render('body', variant.body),
  };
}
