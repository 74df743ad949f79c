const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML or SVG, in element content and in quoted attribute values alike. */
export function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** A number for an SVG coordinate: at most one decimal. */
export function px(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** Rough width of text in the page's sans-serif at `size` px; enough to size boxes and canvases. */
export function textWidth(text: string, size: number): number {
  return text.length * size * 0.6;
}
