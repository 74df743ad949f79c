import assert from 'node:assert/strict';
import { formatProblems, type SequenceProblem, validateSequence, type ValidateOptions } from '../../src/sequences/validate';
import type { SequenceGraph } from '../../src/sequences/model';

/** Strips the first newline and the common indentation, so line 1 is the first line of the sequence. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n\s*$/, '\n').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)?.[0].length ?? 0));
  return lines.map((l) => l.slice(indent)).join('\n');
}

export function problemsOf(text: string, opts: Partial<ValidateOptions> = {}): SequenceProblem[] {
  const result = validateSequence(dedent(text), { fileName: 'test.yaml', ...opts });
  assert.ok(!result.ok, 'expected the sequence to be rejected');
  return result.problems;
}

export function graphOf(text: string, opts: Partial<ValidateOptions> = {}): SequenceGraph {
  const result = validateSequence(dedent(text), { fileName: 'test.yaml', ...opts });
  assert.ok(result.ok, `expected a valid sequence, got:\n${result.ok ? '' : formatProblems('test.yaml', result.problems)}`);
  return result.graph;
}

/** The problem whose message mentions every fragment; asserts it is on `line`. */
export function assertProblem(problems: SequenceProblem[], line: number, ...mentions: string[]): SequenceProblem {
  const found = problems.find((p) => mentions.every((m) => p.message.includes(m)));
  assert.ok(found, `no problem mentions ${mentions.map((m) => JSON.stringify(m)).join(' and ')}; got:\n${formatProblems('test.yaml', problems)}`);
  assert.equal(found.line, line, `wrong line for: ${found.message}`);
  return found;
}

export function rejects(text: string, line: number, ...mentions: string[]): SequenceProblem {
  return assertProblem(problemsOf(text), line, ...mentions);
}
