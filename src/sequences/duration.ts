import ms from 'ms';
import { MAX_WINDOW_MS, MIN_WINDOW_MS } from './limits';
import { quoted } from './quote';

/** The longest text a duration is read from: `ms` gives up beyond 100 characters anyway. */
const MAX_DURATION_TEXT = 40;

/**
 * Milliseconds for a window such as `3d`, `12h`, `90m`, `30s` (anything `ms` reads, with a unit): whole
 * seconds, from 1s to 90d. Or why not.
 */
export function parseDuration(text: string): { ms: number } | { error: string } {
  const value = text.length <= MAX_DURATION_TEXT && /[a-z]\s*$/i.test(text) ? (ms(text as ms.StringValue) as number | undefined) : undefined;
  if (value === undefined || !Number.isFinite(value)) {
    return { error: `${quoted(text)} is not a duration; write a number and a unit, such as 3d, 12h, 90m or 30s` };
  }
  if (value <= 0) return { error: `${quoted(text)} must be longer than zero` };
  if (value < MIN_WINDOW_MS) return { error: `${quoted(text)} is shorter than ${ms(MIN_WINDOW_MS)}, the shortest window` };
  if (value % 1000 !== 0) return { error: `${quoted(text)} is not a whole number of seconds` };
  if (value > MAX_WINDOW_MS) {
    return { error: `${quoted(text)} is longer than ${ms(MAX_WINDOW_MS)}, the longest window (a journey checks for the outcome on every tick while it waits)` };
  }
  return { ms: value };
}
