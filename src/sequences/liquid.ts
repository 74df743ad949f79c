import { CaptureTag, type Context, type FilterImplOptions, Liquid, type Operators, defaultOperators } from 'liquidjs';
import { ChargedEmitter } from './template-emitter';
import { RENDER_MEMORY_LIMIT, RENDER_TIME_LIMIT_MS, TEMPLATE_SOURCE_MAX_CHARS } from './template-limits';
import { sizeOf } from './template-size';

type FilterHandler = Extract<FilterImplOptions, (...args: never[]) => unknown>;

/** Comparisons walk whole lists and texts (`list contains x`, `a == b`): each is charged what it may scan. */
const COMPARISONS = ['==', '!=', '<', '>', '<=', '>=', 'contains'];

const operators: Operators = { ...defaultOperators };
for (const name of COMPARISONS) {
  const compare = defaultOperators[name] as (l: unknown, r: unknown, ctx: Context) => unknown;
  operators[name] = function* (l: unknown, r: unknown, ctx: Context) {
    ctx.memoryLimit.use(sizeOf(l) + sizeOf(r));
    return (yield compare(l, r, ctx)) as boolean;
  };
}

/**
 * The one Liquid engine for parsing and rendering messages. No output escaping: messages are plain text.
 * Unknown filters fail at parse time so validation catches them. `templates: {}` gives it an empty
 * in-memory file system, so `include` and `render` can never read the disk. Its limits are backstops for
 * any direct use: messages render through `renderBounded`, which hands each render its own budget.
 */
export const liquid = new Liquid({
  strictFilters: true,
  templates: {},
  operators,
  // Counted in UTF-16 units, of which a character may take two; the limit in characters is checked first.
  parseLimit: 2 * TEMPLATE_SOURCE_MAX_CHARS,
  memoryLimit: RENDER_MEMORY_LIMIT,
  renderLimit: RENDER_TIME_LIMIT_MS,
});

/** `{% capture %}` renders into a text of its own; this one charges that text to the render's memory. */
class ChargedCapture extends CaptureTag {
  override *render(ctx: Context): Generator<unknown, void, unknown> {
    const emitter = new ChargedEmitter(ctx.memoryLimit);
    yield this.liquid.renderer.renderTemplates(this.templates, ctx, emitter);
    ctx.bottom()[this.variable] = emitter.buffer;
  }
}
liquid.registerTag('capture', ChargedCapture);

/** Every filter is charged the size of its input and arguments, so a chain of filters over a long text costs. */
function charged(impl: FilterImplOptions): FilterImplOptions {
  const handler = typeof impl === 'function' ? impl : impl.handler;
  const wrapped: FilterHandler = function (this: ThisParameterType<FilterHandler>, value: unknown, ...args: unknown[]) {
    this.context.memoryLimit.use(sizeOf(value) + args.reduce<number>((sum, arg) => sum + sizeOf(arg), 0));
    return handler.call(this, value, ...args) as unknown;
  };
  return typeof impl === 'function' ? wrapped : { ...impl, handler: wrapped };
}
for (const [name, impl] of Object.entries(liquid.filters)) liquid.registerFilter(name, charged(impl));
