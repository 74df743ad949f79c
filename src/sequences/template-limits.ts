/**
 * The bounds every template stays inside, at validation and when a message is rendered for a lead. A real
 * message is far inside each one; a template that reaches one is refused (validation) or fails its journey
 * (send time), and never takes the worker down with it.
 */

/**
 * Characters in one subject or body as written. Twice the longest message a provider with a limit takes
 * (an X DM: 10,000), and more than any outreach e-mail (20,000 characters is about 3,000 words).
 */
export const TEMPLATE_SOURCE_MAX_CHARS = 20_000;

/** Blocks (`{% if %}`, `{% for %}`, ...) inside one another; real messages nest two or three. */
export const TEMPLATE_NESTING_MAX = 50;

/**
 * Characters one rendered subject or body may have: five times an X DM (10,000), eight times a LinkedIn
 * message (8,000); an e-mail body of 50,000 characters is some 8,000 words, longer than any outreach mail.
 */
export const RENDER_OUTPUT_MAX_CHARS = 50_000;

/**
 * Rendering steps: each piece of text, `{{ }}` and `{% %}` rendered, each loop pass and each item a filter
 * evaluates counts one. A real message takes under a thousand; a whole limit takes well under a second.
 */
export const RENDER_STEP_LIMIT = 100_000;

/**
 * Characters and list items that ranges, filters, captures, comparisons and the output build or scan,
 * counted over the whole render (liquidjs's `memoryLimit`, plus our own charges). Twenty times the longest
 * output; a few tens of megabytes of heap at most.
 */
export const RENDER_MEMORY_LIMIT = 1_000_000;

/**
 * Wall-clock time of one render: a backstop behind the step and memory limits, which bound it first. It
 * holds the worker's event loop at most this long, far under Temporal's 10 s workflow task timeout.
 */
export const RENDER_TIME_LIMIT_MS = 1_000;

/**
 * Validation renders every template with a sample value of this many characters for each variable: longer
 * than real names, companies and handles, and than the longest e-mail address (254).
 */
export const SAMPLE_VALUE_CHARS = 256;

/**
 * Steps and memory all trial renders of one sequence file may take together: fifty messages at their
 * limits, so a file of many hostile templates cannot keep `sequence validate` busy for minutes.
 */
export const FILE_TRIAL_STEP_LIMIT = 50 * RENDER_STEP_LIMIT;
export const FILE_TRIAL_MEMORY_LIMIT = 50 * RENDER_MEMORY_LIMIT;

export type RenderLimitName = 'source' | 'output' | 'steps' | 'memory' | 'time' | 'file steps' | 'file memory';

export interface RenderLimits {
  outputChars: number;
  steps: number;
  memory: number;
  timeMs: number;
}

export const RENDER_LIMITS: RenderLimits = {
  outputChars: RENDER_OUTPUT_MAX_CHARS,
  steps: RENDER_STEP_LIMIT,
  memory: RENDER_MEMORY_LIMIT,
  timeMs: RENDER_TIME_LIMIT_MS,
};

/** A render reached one of its bounds; the message names the bound and its value. */
export class TemplateLimitError extends Error {
  override readonly name = 'TemplateLimitError';
  constructor(
    readonly limit: RenderLimitName,
    readonly value: number,
  ) {
    super(limitMessage(limit, value));
  }
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** "the limit of 100,000 steps a render may take": how messages name each bound. */
export function limitPhrase(limit: RenderLimitName, value: number): string {
  switch (limit) {
    case 'source':
      return `the limit of ${count(value)} characters a template may have`;
    case 'output':
      return `the limit of ${count(value)} characters a message may have`;
    case 'steps':
      return `the limit of ${count(value)} steps a render may take (every piece rendered, loop pass and item a filter evaluates is a step)`;
    case 'memory':
      return `the limit of ${count(value)} characters and list items a render may build or scan`;
    case 'time':
      return `the limit of ${count(value)} ms a render may take`;
    case 'file steps':
      return `the limit of ${count(value)} steps for the trial renders of all of a file's templates together`;
    case 'file memory':
      return `the limit of ${count(value)} characters and list items for the trial renders of all of a file's templates together`;
  }
}

function limitMessage(limit: RenderLimitName, value: number): string {
  return `rendering stopped at ${limitPhrase(limit, value)}`;
}
