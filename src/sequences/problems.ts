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

/** `file:line:column: message`, one problem a line, in file order. */
export function formatProblems(fileName: string, problems: readonly SequenceProblem[]): string {
  return sortProblems(problems)
    .map((p) => {
      const where = [fileName, p.line, p.line === undefined ? undefined : p.column].filter((x) => x !== undefined);
      return `${where.join(':')}: ${p.message}`;
    })
    .join('\n');
}

export function sortProblems(problems: readonly SequenceProblem[]): SequenceProblem[] {
  const big = Number.MAX_SAFE_INTEGER;
  return [...problems].sort((a, b) => (a.line ?? big) - (b.line ?? big) || (a.column ?? 0) - (b.column ?? 0));
}

export class SequenceValidationError extends Error {
  constructor(
    readonly fileName: string,
    readonly problems: SequenceProblem[],
  ) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`${fileName}: ${count}\n${formatProblems(fileName, problems)}`);
    this.name = 'SequenceValidationError';
  }
}
