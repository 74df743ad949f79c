import { readTextFile } from '../input/text-file';
import { compileSequence } from './compile';
import { checkCycles } from './cycles';
import { checkExits } from './exit-rules';
import { checkFollowChurn } from './follow-churn';
import { checkGraph } from './graph-rules';
import { checkJourneyInput } from './journey-input';
import { MAX_PROBLEMS_LISTED, MAX_SEQUENCE_FILE_BYTES } from './limits';
import type { SequenceGraph } from './model';
import { parseSource } from './parse';
import { type SequenceProblem, SequenceValidationError, sortProblems } from './problems';
import { readSequence } from './read';
import { checkTemplates } from './template-rules';

export { formatProblems, problemCount, SequenceValidationError, type SequenceProblem } from './problems';

export interface ValidateOptions {
  /** Names the file in problems; its extension picks the format (content decides when it has none). */
  fileName: string;
  /** Fields the target audience has beyond the standard person fields; templates may use them. */
  audienceFields?: string[];
}

export type ValidationResult =
  | { ok: true; graph: SequenceGraph }
  /** `problems` holds the first MAX_PROBLEMS_LISTED in file order; `total` counts them all. */
  | { ok: false; problems: SequenceProblem[]; total: number };

/** Every problem in the file, in file order; the compiled graph only when there are none. */
export function validateSequence(text: string, opts: ValidateOptions): ValidationResult {
  const parsed = parseSource(text, opts.fileName);
  if (!parsed.ok) return failed(parsed.problems);
  const problems: SequenceProblem[] = [];
  const seq = readSequence(parsed.root, parsed.format, problems);
  if (!seq) return failed(problems);
  // Past a count limit part of the file was not read, so the graph rules would report what is not there.
  if (!seq.beyondLimits) {
    problems.push(...checkGraph(seq), ...checkExits(seq), ...checkCycles(seq), ...checkFollowChurn(seq), ...checkTemplates(seq, opts.audienceFields ?? []));
  }
  if (problems.length > 0) return failed(problems);
  const graph = compileSequence(seq);
  const tooBig = checkJourneyInput(graph, seq);
  return tooBig.length > 0 ? failed(tooBig) : { ok: true, graph };
}

function failed(problems: SequenceProblem[]): ValidationResult {
  return { ok: false, problems: sortProblems(problems).slice(0, MAX_PROBLEMS_LISTED), total: problems.length };
}

/** Reads (within the size limit, regular files only) and validates a file; throws SequenceValidationError listing every problem. */
export function loadSequenceFile(path: string, opts: Omit<ValidateOptions, 'fileName'> = {}): SequenceGraph {
  const text = readTextFile(path, { what: 'sequence file', maxBytes: MAX_SEQUENCE_FILE_BYTES });
  const result = validateSequence(text, { ...opts, fileName: path });
  if (!result.ok) throw new SequenceValidationError(path, result.problems, result.total);
  return result.graph;
}
