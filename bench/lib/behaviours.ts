import type { SandboxScript } from '../../src/channels/sandbox-script';

const HOUR = 3_600_000;

/** How bench leads answer, in production hours, shrunk to the bench's tick; one of each path of the examples. */
export const BENCH_BEHAVIOURS: { name: string; script: (scale: number) => SandboxScript }[] = [
  { name: 'answers the first message', script: (s) => ({ followsBackAfter: h(10, s), acceptsAfter: h(20, s), repliesAfter: h(20, s), replySentiment: 'positive' }) },
  { name: 'answers a nudge', script: (s) => ({ followsBackAfter: h(5, s), acceptsAfter: h(40, s), repliesAfter: h(80, s), readsAfter: h(30, s) }) },
  { name: 'never answers', script: (s) => ({ followsBackAfter: h(50, s), acceptsAfter: h(100, s), readsAfter: h(1, s) }) },
  { name: 'replies to the note', script: (s) => ({ repliesToNoteAfter: h(30, s) }) },
  { name: 'ignores everything', script: () => ({}) },
];

function h(hours: number, scale: number): string {
  return `${Math.max(1, Math.round(hours * HOUR * scale))}ms`;
}
