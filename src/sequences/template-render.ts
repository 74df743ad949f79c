import { LiquidError, toValueSync } from 'liquidjs';
import { liquid } from './liquid';
import { BoundedContext, RenderBudget, type SharedBudget } from './template-budget';
import { ChargedEmitter } from './template-emitter';
import { RENDER_LIMITS, type RenderLimitName, type RenderLimits, TEMPLATE_SOURCE_MAX_CHARS, TemplateLimitError } from './template-limits';

/** A template that cannot be rendered: a bound it reached (`limit`), or Liquid's own error. */
export class TemplateRenderError extends Error {
  override readonly name = 'TemplateRenderError';
  constructor(
    message: string,
    readonly limit?: RenderLimitName,
  ) {
    super(message);
  }
}

export interface RenderOptions {
  limits?: RenderLimits;
  /** Counts this render's steps and memory against a budget shared with other renders too. */
  shared?: SharedBudget;
}

/**
 * Renders one template source inside the bounds: its length, the output's length, steps, memory and time.
 * Whatever the template or the values, it returns text or throws TemplateRenderError; it never grows
 * without bound, so a hostile template fails its own render and nothing else.
 */
export function renderBounded(source: string, scope: Record<string, unknown>, opts: RenderOptions = {}): string {
  const limits = opts.limits ?? RENDER_LIMITS;
  try {
    if (charCount(source) > TEMPLATE_SOURCE_MAX_CHARS) throw new TemplateLimitError('source', TEMPLATE_SOURCE_MAX_CHARS);
    const budget = new RenderBudget(limits, opts.shared);
    const context = new BoundedContext(scope, liquid.options, liquid, budget);
    const output = new ChargedEmitter(budget, limits.outputChars);
    toValueSync(liquid.renderer.renderTemplates(liquid.parse(source), context, output));
    return output.buffer;
  } catch (error) {
    throw asRenderError(error);
  }
}

/** Characters as people count them (code points), not UTF-16 units. */
export function charCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i += 1;
    n += 1;
  }
  return n;
}

function asRenderError(error: unknown): TemplateRenderError {
  for (let e: unknown = error; e instanceof Error; e = (e as { originalError?: unknown }).originalError) {
    if (e instanceof TemplateLimitError) return new TemplateRenderError(e.message, e.limit);
    if (e instanceof RangeError && e.message.startsWith('Maximum call stack')) return new TemplateRenderError('rendering failed: the template nests too deeply (tags, brackets or filters within one another)');
  }
  const message = error instanceof Error ? error.message : String(error);
  const what = LiquidError.is(error) ? message : `${error instanceof Error ? error.name : 'Error'}: ${message}`;
  return new TemplateRenderError(`rendering failed: ${what.split('\n')[0]}`);
}
