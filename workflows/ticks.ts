/** Tick arithmetic in epoch milliseconds. Ticks are aligned to the Unix epoch, so a 6 h tick lands on 00, 06, 12 and 18 UTC. */

/** The first boundary at or after `now`: an action due exactly on a boundary runs then. */
export function tickAtOrAfter(now: number, tickMs: number): number {
  return Math.ceil(now / tickMs) * tickMs;
}

/** The first boundary strictly after `now`: the next check after one that just ran. */
export function tickAfter(now: number, tickMs: number): number {
  return Math.floor(now / tickMs) * tickMs + tickMs;
}
