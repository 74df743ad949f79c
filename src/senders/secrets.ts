import { isSecretReference } from '../channels/secret-reference';
import type { ValueProblem } from '../input/text-values';
import { secretShapeOf, secretWordIn } from './secret-shapes';

export const LITERAL_SECRET = 'must name where the secret lives (env:NAME or file:KEY), never hold it';

/**
 * Every literal secret in a value, at any depth: a string or number stored under a name that says
 * "secret" (`password`, `auth.pass`, `walletKey`, everything below `credentials`) that is not a reference
 * (`env:NAME`, `file:KEY`), and any string or key shaped like a secret (a PEM block, a 0x + 64-hex key, a
 * JWT, `Bearer ...`, a URL with `user:password@`). Messages name the path and the kind, never the value.
 */
export function literalSecrets(value: unknown, at: (string | number)[] = []): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const stack: { value: unknown; path: (string | number)[]; secretName: boolean }[] = [{ value, path: at, secretName: false }];
  while (stack.length > 0) {
    const { value: v, path, secretName } = stack.pop() as (typeof stack)[number];
    if (typeof v === 'string') {
      const shape = secretShapeOf(v);
      if (shape) problems.push({ path, message: `looks like ${shape}; write where the secret lives (env:NAME or file:KEY), never the secret` });
      else if (secretName && !isSecretReference(v)) problems.push({ path, message: LITERAL_SECRET });
      continue;
    }
    if (typeof v === 'number' || typeof v === 'bigint') {
      if (secretName) problems.push({ path, message: LITERAL_SECRET });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((item, i) => [i, item]) : Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i] as [string | number, unknown];
      const keyShape = typeof key === 'string' ? secretShapeOf(key) : undefined;
      if (keyShape) {
        problems.push({ path, message: `has a key that looks like ${keyShape}; keys are names, never secrets` });
        continue;
      }
      const named = secretName || (typeof key === 'string' && secretWordIn(key) !== undefined);
      stack.push({ value: item, path: [...path, key], secretName: named });
    }
  }
  return problems;
}
