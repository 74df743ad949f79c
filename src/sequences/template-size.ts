import { toValue } from 'liquidjs';

/** What a value costs to hold or scan: the length of a text or list, nothing for anything else. */
export function sizeOf(value: unknown): number {
  const plain: unknown = toValue(value);
  return typeof plain === 'string' || Array.isArray(plain) ? plain.length : 0;
}

/** The text Liquid writes for a value (its own `stringify`, which it does not export). */
export function textOf(value: unknown): string {
  const plain: unknown = toValue(value);
  if (typeof plain === 'string') return plain;
  if (plain === null || plain === undefined) return '';
  if (Array.isArray(plain)) return plain.map(textOf).join('');
  return String(plain);
}
