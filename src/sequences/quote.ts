/** Text from the file longer than this is shortened when a message quotes it. */
const QUOTED_CHARS = 40;

/**
 * `"value"` for a message, shortened (`"aaaa…" (2,000 characters)`) so that a huge value cannot make
 * a huge message; control characters are escaped so the message stays on one line.
 */
export function quoted(text: string): string {
  const head = [...text.slice(0, 2 * QUOTED_CHARS + 2)];
  if (head.length <= QUOTED_CHARS) return JSON.stringify(text);
  return `${JSON.stringify(`${head.slice(0, QUOTED_CHARS).join('')}…`)} (${count(charCount(text))} characters)`;
}

/** Characters as a person counts them (code points, so an emoji is one). */
export function charCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff || i === 0 || !isHighSurrogate(text.charCodeAt(i - 1))) n++;
  }
  return n;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** `12,345`. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}
