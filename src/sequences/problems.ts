import { MAX_PROBLEMS_LISTED } from './limits';
import { count } from './quote';

/** One thing wrong with a sequence file. The message always names its culprit. */
export interface SequenceProblem {
  message: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  /** Id of the node the problem is about. */
  node?: string;
  /** 1-based number of the edge in the file's `edges` list, as in the message (`edge #N`). */
  edge?: number;
  /** The field the problem is about, as written in the file. */
  field?: string;
}

export interface Position {
  line: number;
  column: number;
}

/**
 * `file:line:column: message`, one problem a line, in file order: the first MAX_PROBLEMS_LISTED, then
 * how many more there are (`total` counts problems left out before these were passed in).
 */
export function formatProblems(fileName: string, problems: readonly SequenceProblem[], total = problems.length): string {
  const listed = sortProblems(problems).slice(0, MAX_PROBLEMS_LISTED);
  const lines = listed.map((p) => {
    const where = [fileName, p.line, p.line === undefined ? undefined : p.column].filter((x) => x !== undefined);
    return `${where.join(':')}: ${p.message}`;
  });
  const more = Math.max(total, problems.length) - listed.length;
  if (more > 0) lines.push(`${fileName}: ${count(more)} more ${more === 1 ? 'problem' : 'problems'} not listed (the first ${listed.length} are)`);
  return lines.join('\n');
}

/** `1 problem`, `1,234 problems`. */
export function problemCount(n: number): string {
  return n === 1 ? '1 problem' : `${count(n)} problems`;
}

export function sortProblems(problems: readonly SequenceProblem[]): SequenceProblem[] {
  const big = Number.MAX_SAFE_INTEGER;
  return [...problems].sort((a, b) => (a.line ?? big) - (b.line ?? big) || (a.column ?? 0) - (b.column ?? 0));
}

export class SequenceValidationError extends Error {
  constructor(
    readonly fileName: string,
    readonly problems: SequenceProblem[],
    /** All problems found; `problems` holds the first MAX_PROBLEMS_LISTED of them. */
    readonly total = problems.length,
  ) {
    super(`${fileName}: ${problemCount(total)}\n${formatProblems(fileName, problems, total)}`);
    this.name = 'SequenceValidationError';
  }
}
