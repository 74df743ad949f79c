import { SharedBudget } from './template-budget';
import { FILE_TRIAL_MEMORY_LIMIT, FILE_TRIAL_STEP_LIMIT, SAMPLE_VALUE_CHARS, count } from './template-limits';
import { TemplateRenderError, renderBounded } from './template-render';

/**
 * Text with what makes filters grow or split it (spaces, `&`, `<`, newlines), as long as the longest value
 * a field plausibly holds. Numbers are left out: a loop bound taken from a variable is judged at send time.
 */
export const SAMPLE_VALUE = 'Ab & <c>\n'.repeat(Math.ceil(SAMPLE_VALUE_CHARS / 9)).slice(0, SAMPLE_VALUE_CHARS);

const TRIALS: { label: string; scope: (names: readonly string[]) => Record<string, string> }[] = [
  {
    label: `with every variable ${count(SAMPLE_VALUE_CHARS)} characters long`,
    scope: (names) => Object.fromEntries(names.map((name) => [name, SAMPLE_VALUE])),
  },
  { label: 'with every variable empty', scope: () => ({}) },
];

export interface TrialOutcome {
  /** Why the template cannot be rendered, naming the trial; undefined when every trial rendered. */
  problem?: string;
  /** The file's shared budget ran out: later templates are not tried. */
  budgetSpent: boolean;
}

/** The trial renders of one sequence file share one budget of steps and memory. */
export function trialBudget(): SharedBudget {
  return new SharedBudget(FILE_TRIAL_STEP_LIMIT, FILE_TRIAL_MEMORY_LIMIT);
}

/**
 * Renders the template under the send-time limits twice: with every variable set to a long sample value,
 * and with none set (the `default` path). A template that fails either would fail real journeys too.
 */
export function trialRender(source: string, names: readonly string[], budget: SharedBudget): TrialOutcome {
  for (const trial of TRIALS) {
    try {
      renderBounded(source, trial.scope(names), { shared: budget });
    } catch (error) {
      if (!(error instanceof TemplateRenderError)) throw error;
      const budgetSpent = error.limit === 'file steps' || error.limit === 'file memory';
      return { problem: `a trial render ${trial.label}: ${error.message}`, budgetSpent };
    }
  }
  return { budgetSpent: false };
}
