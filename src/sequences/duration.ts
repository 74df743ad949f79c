import ms from 'ms';

/** Milliseconds for `3d`, `12h`, `90m`, `30s` (anything `ms` reads, with a unit), or why not. */
export function parseDuration(text: string): { ms: number } | { error: string } {
  const value = /[a-z]\s*$/i.test(text) ? (ms(text as ms.StringValue) as number | undefined) : undefined;
  if (value === undefined || !Number.isFinite(value)) {
    return { error: `"${text}" is not a duration; write a number and a unit, such as 3d, 12h, 90m or 30s` };
  }
  if (value <= 0) return { error: `"${text}" must be longer than zero` };
  return { ms: value };
}
