import assert from 'node:assert/strict';
import { RENDER_LIMITS, RENDER_MEMORY_LIMIT } from '../../src/sequences/template-limits';
import { TemplateRenderError, renderBounded } from '../../src/sequences/template-render';
import { MessageRenderError, renderTemplate } from '../../src/sequences/templates';

const STEPS = 'rendering stopped at the limit of 100,000 steps a render may take (every piece rendered, loop pass and item a filter evaluates is a step)';
const MEMORY = 'rendering stopped at the limit of 1,000,000 characters and list items a render may build or scan';
const OUTPUT = 'rendering stopped at the limit of 50,000 characters a message may have';

function renderError(source: string, scope: Record<string, unknown> = {}, limits = RENDER_LIMITS): TemplateRenderError {
  try {
    renderBounded(source, scope, { limits });
  } catch (error) {
    assert.ok(error instanceof TemplateRenderError, String(error));
    return error;
  }
  assert.fail(`expected ${source} to fail`);
}

/** Templates whose size comes from a lead's values, so that only the render can stop them. */
const HOSTILE: [string, string, Record<string, string>, string][] = [
  ['a billion-pass loop', '{% for i in (1..count) %}xxxxxxxxxx{% endfor %}', { count: '1000000000' }, MEMORY],
  ['loops nested over a range', '{% assign r = (1..count) %}{% for a in r %}{% for b in r %}{% for c in r %}{% endfor %}{% endfor %}{% endfor %}', { count: '1000' }, STEPS],
  ['a huge output', '{% for i in (1..count) %}{{ bio }}{% endfor %}', { count: '100000', bio: 'x'.repeat(1000) }, OUTPUT],
  ['text doubling', '{% assign s = bio %}{% for i in (1..count) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s | size }}', { count: '64', bio: 'xx' }, MEMORY],
  ['a comparison repeated over a long list', `{% assign a = bio | split: '' %}{% if ${'a contains 0 or '.repeat(500)}false %}y{% endif %}`, { bio: 'x'.repeat(400_000) }, MEMORY],
  ['a filter chain over a long text', `{{ bio${' | url_encode'.repeat(200)} }}`, { bio: '<'.repeat(400_000) }, MEMORY],
];

describe('bounded rendering', () => {
  for (const [what, source, scope, message] of HOSTILE) {
    it(`stops ${what} with the limit named`, () => {
      assert.equal(renderError(source, scope).message, message);
    });
  }

  it('stops at the time limit when steps and memory would allow more', () => {
    const error = renderError('{% for i in (1..50000) %}{% endfor %}', {}, { ...RENDER_LIMITS, timeMs: 0 });
    assert.equal(error.message, 'rendering stopped at the limit of 0 ms a render may take');
    assert.equal(error.limit, 'time');
  });

  it("reports Liquid's own errors as rendering failures, on one line", () => {
    const error = renderError("{% include 'footer' %}");
    assert.match(error.message, /^rendering failed: [^\n]+$/);
    assert.equal(error.limit, undefined);
  });

  it('keeps the heap bounded while it refuses each hostile template, and renders normally after', () => {
    const before = process.memoryUsage().heapUsed;
    const peakBefore = process.resourceUsage().maxRSS * 1024;
    for (const [, source, scope] of HOSTILE) renderError(source, scope);
    const grown = process.memoryUsage().heapUsed - before;
    const peakGrown = process.resourceUsage().maxRSS * 1024 - peakBefore;
    // A unit of the memory limit is at most a list slot or a character; 64 bytes each is a wide margin.
    const bound = 64 * RENDER_MEMORY_LIMIT;
    assert.ok(grown < bound, `heap grew by ${grown} bytes, more than ${bound}`);
    assert.ok(peakGrown < bound, `peak resident memory grew by ${peakGrown} bytes, more than ${bound}`);
    assert.equal(renderBounded('Hi {{ name }}', { name: 'Ada' }), 'Hi Ada');
  });

  it('names the variant and the part when a message cannot be rendered for a person', () => {
    const variant = { id: 'b', weight: 100, subject: 'Hi', body: '{% for i in (1..count) %}{{ first_name }}{% endfor %}' };
    assert.throws(
      () => renderTemplate(variant, { count: '100000', first_name: 'Ada' }),
      (error: unknown) => error instanceof MessageRenderError && error.message === `variant b, body: ${OUTPUT}` && error.part === 'body',
    );
    assert.deepEqual(renderTemplate(variant, { count: '2', first_name: 'Ada' }), { subject: 'Hi', body: 'AdaAda' });
  });
});
