import { readFileSync } from 'node:fs';
import { compileSequence } from './compile';
import { checkCycles } from './cycles';
import { checkExits } from './exit-rules';
import { checkGraph } from './graph-rules';
import type { SequenceGraph } from './model';
import { parseSource } from './parse';
import { type SequenceProblem, SequenceValidationError, sortProblems } from './problems';
import { readSequence } from './read';
import { checkTemplates } from './template-rules';

export { formatProblems, SequenceValidationError, type SequenceProblem } from './problems';

export interface ValidateOptions {
  /** Names the file in problems; its extension picks the format (content decides when it has none). */
  fileName: string;
  /** Fields the target audience has beyond the standard person fields; templates may use them. */
  audienceFields?: string[];
}

export type ValidationResult = { ok: true; graph: SequenceGraph } | { ok: false; problems: SequenceProblem[] };

/** Every problem in the file, in file order; the compiled graph only when there are none. */
export function validateSequence(text: string, opts: ValidateOptions): ValidationResult {
  const parsed = parseSource(text, opts.fileName);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const problems: SequenceProblem[] = [];
  const seq = readSequence(parsed.root, parsed.format, problems);
  if (!seq) return { ok: false, problems };
  problems.push(...checkGraph(seq), ...checkExits(seq), ...checkCycles(seq), ...checkTemplates(seq, opts.audienceFields ?? []));
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, graph: compileSequence(seq) };
}

/** Reads and validates a file; throws SequenceValidationError listing every problem. */
export function loadSequenceFile(path: string, opts: Omit<ValidateOptions, 'fileName'> = {}): SequenceGraph {
  const result = validateSequence(readFileSync(path, 'utf8'), { ...opts, fileName: path });
  if (!result.ok) throw new SequenceValidationError(path, result.problems);
  return result.graph;
}
