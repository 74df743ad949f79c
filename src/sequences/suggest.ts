/** More edits than this is not a typo worth pointing at. */
const MAX_HINT_DISTANCE = 3;
/** Longer words get no hint: ids and field names are far shorter, and comparing costs length squared. */
const MAX_HINT_WORD_CHARS = 100;
/** Distinct unknown names one check hints at; a file with thousands of broken references needs no more. */
const MAX_HINTED_WORDS = 50;

/**
 * ` (did you mean "x"?)` when a known name is a likely misspelling of `word` (at most a third of its
 * letters changed, and at most 3), else an empty string. Each comparison stops as soon as it exceeds
 * the best distance so far, so one call costs at most candidates x 7 x length.
 */
export function didYouMean(word: string, known: Iterable<string>): string {
  if (word.length > MAX_HINT_WORD_CHARS) return '';
  const w = word.toLowerCase();
  let best: string | undefined;
  let bound = Math.min(MAX_HINT_DISTANCE, Math.max(1, Math.floor(word.length / 3)));
  for (const candidate of known) {
    if (Math.abs(candidate.length - w.length) > bound || candidate.length > MAX_HINT_WORD_CHARS) continue;
    const d = boundedDistance(w, candidate.toLowerCase(), bound);
    if (d > bound || (best !== undefined && d === bound)) continue;
    [best, bound] = [candidate, d];
    if (d === 0) break;
  }
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

/** didYouMean over one set of names, remembered per word, for the first few distinct words only. */
export function hinter(known: Iterable<string>): (word: string) => string {
  const names = [...known];
  const hints = new Map<string, string>();
  return (word) => {
    const hint = hints.get(word) ?? (hints.size < MAX_HINTED_WORDS ? didYouMean(word, names) : '');
    if (hints.size < MAX_HINTED_WORDS) hints.set(word, hint);
    return hint;
  };
}

/** Levenshtein distance of a and b when it is at most `max`, else `max + 1`; only a band around the diagonal is computed. */
function boundedDistance(a: string, b: string, max: number): number {
  const over = max + 1;
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1).fill(over);
  for (let j = 0; j <= b.length; j++) previous[j] = Math.min(j, over);
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    // The cell left of the band still holds a value from two rows up.
    current[from - 1] = from === 1 ? Math.min(i, over) : over;
    let rowMin = current[from - 1] as number;
    for (let j = from; j <= to; j++) {
      const substitution = (previous[j - 1] as number) + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      const value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution, over);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return over;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[b.length] as number, over);
}
