/** A problem at a path of a parsed JSON or YAML value. */
export interface ValueProblem {
  path: (string | number)[];
  message: string;
}

export interface TextBounds {
  /** Longest string (value or key), in characters. */
  maxStringChars: number;
  /** Deepest nesting of objects and arrays below the value given. */
  maxDepth: number;
}

/**
 * Every string and key of a parsed value that Postgres cannot store or that breaks a bound: a NUL character
 * (text and jsonb refuse it), a lone UTF-16 surrogate (not text; jsonb refuses it), more characters than
 * allowed; and nesting deeper than allowed. Iterative, so a deep value cannot overflow the stack.
 */
export function textProblems(value: unknown, bounds: TextBounds, at: (string | number)[] = []): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const stack: { value: unknown; path: (string | number)[]; depth: number }[] = [{ value, path: at, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop() as (typeof stack)[number];
    if (typeof v === 'string') {
      const problem = stringProblem(v, bounds.maxStringChars);
      if (problem) problems.push({ path, message: problem });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= bounds.maxDepth) {
      problems.push({ path, message: `nests deeper than ${bounds.maxDepth} levels, the limit here` });
      continue;
    }
    const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((item, i) => [i, item]) : Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i] as [string | number, unknown];
      const keyProblem = typeof key === 'string' ? stringProblem(key, bounds.maxStringChars) : undefined;
      if (keyProblem) problems.push({ path, message: `has a key that ${keyProblem}` });
      else stack.push({ value: item, path: [...path, key], depth: depth + 1 });
    }
  }
  return problems;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored, or undefined. Never quotes the string. */
function stringProblem(text: string, maxChars: number): string | undefined {
  if (text.length > maxChars) return `is ${text.length.toLocaleString('en-US')} characters, over the limit of ${maxChars.toLocaleString('en-US')}`;
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000), which Postgres cannot store';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (half of an emoji?), which is not text';
  return undefined;
}
