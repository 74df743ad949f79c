import { type AuthoredSequence, type AuthoredTemplate, type AuthoredVariant, type SourceText, nodeProblem } from './authored';
import { uniqueNodes } from './graph-rules';
import { MESSAGE_ACTIONS, SEND_FIELDS, STANDARD_FIELDS } from './model';
import type { SequenceProblem } from './problems';
import { didYouMean } from './suggest';
import { analyzeTemplate } from './template-analysis';
import type { SharedBudget } from './template-budget';
import { checkTemplateBounds } from './template-bounds';
import { TEMPLATE_SOURCE_MAX_CHARS, count } from './template-limits';
import { charCount } from './template-render';
import { trialBudget, trialRender } from './template-trial';

/**
 * LinkedIn's limit on the note sent with a connection request, on a Premium account (a free account gets 200:
 * the LinkedIn adapter's `settings.noteLimit` lowers it per account, never above this).
 */
export const CONNECTION_NOTE_MAX_CHARS = 300;

export function checkTemplates(seq: AuthoredSequence, audienceFields: readonly string[]): SequenceProblem[] {
  const problems: SequenceProblem[] = [];
  const templates = new Map(seq.templates.map((t) => [t.id, t]));
  const notes = new Set<string>();
  for (const node of uniqueNodes(seq).values()) {
    if (!node.action) continue;
    if (node.action === 'SEND_CONNECTION_REQUEST' && node.template) notes.add(node.template);
    if (!MESSAGE_ACTIONS.has(node.action) && node.template !== undefined) {
      problems.push(nodeProblem(node, `${node.action} sends no message, so it takes no template`, 'template'));
    } else if (node.template === undefined && MESSAGE_ACTIONS.has(node.action) && node.action !== 'SEND_CONNECTION_REQUEST') {
      problems.push(nodeProblem(node, `${node.action} sends a message, so it needs a template`, 'template'));
    } else if (node.template !== undefined && !templates.has(node.template)) {
      const hint = didYouMean(node.template, templates.keys());
      problems.push(nodeProblem(node, `template "${node.template}" does not exist${hint}`, 'template'));
    }
  }
  const rules: TextRules = {
    fillable: new Set<string>([...STANDARD_FIELDS, ...SEND_FIELDS, ...seq.variables, ...audienceFields]),
    isNote: false,
    trials: { budget: trialBudget(), spent: false },
  };
  for (const template of seq.templates) {
    problems.push(...checkVariants(template));
    for (const variant of template.variants) {
      if (variant.subject) problems.push(...checkText(variant, 'subject', variant.subject, rules));
      if (variant.body) problems.push(...checkText(variant, 'body', variant.body, { ...rules, isNote: notes.has(template.id) }));
    }
  }
  return problems;
}

/** Unique ids; weights all given and adding up to 100, or all omitted (then split equally). */
function checkVariants(template: AuthoredTemplate): SequenceProblem[] {
  const problems: SequenceProblem[] = [];
  const report = (v: AuthoredVariant | undefined, message: string, field: string) =>
    problems.push({ message: `template ${template.id}: ${message}`, ...(v?.fieldAt[field] ?? v?.at ?? template.at), field });
  template.variants.forEach((v, i) => {
    if (template.variants.slice(0, i).some((earlier) => earlier.id === v.id)) report(v, `variant id "${v.id}" is used twice`, 'id');
  });
  if (template.variants.length > 100) report(undefined, `has ${template.variants.length} variants; weights are whole percentages, so at most 100`, 'variants');
  const weighted = template.variants.filter((v) => v.weight !== undefined || v.fieldAt.weight !== undefined);
  if (weighted.length > 0 && weighted.length < template.variants.length) {
    const bare = template.variants.find((v) => !weighted.includes(v));
    report(bare, `give every variant a weight or none (none splits 100 equally); variant ${bare?.id} has none`, 'weight');
  } else if (weighted.length > 0 && !template.incomplete && weighted.every((v) => v.weight !== undefined)) {
    const sum = weighted.reduce((total, v) => total + (v.weight ?? 0), 0);
    if (sum !== 100) report(template.variants[0], `variant weights add up to ${sum}, not 100`, 'weight');
  }
  return problems;
}

interface TextRules {
  fillable: Set<string>;
  isNote: boolean;
  /** One budget for all trial renders of the file; once spent, later templates are not tried. */
  trials: { budget: SharedBudget; spent: boolean };
}

function checkText(variant: AuthoredVariant, part: 'subject' | 'body', text: SourceText, rules: TextRules): SequenceProblem[] {
  const { fillable, isNote } = rules;
  const owner = `${variant.label}, ${part}`;
  const at = (row = 1) => (text.blockLiteral ? { line: text.at.line + row } : text.at);
  const length = charCount(text.text);
  if (length > TEMPLATE_SOURCE_MAX_CHARS) {
    const message = `${owner}: has ${count(length)} characters; a template may have at most ${count(TEMPLATE_SOURCE_MAX_CHARS)}`;
    return [{ message, ...at(), field: part }];
  }
  const analysis = analyzeTemplate(text.text);
  if (!analysis.ok) return [{ message: `${owner}: ${analysis.problem}`, ...at(), field: part }];
  const { templates, uses, literalText, partialTags } = analysis.facts;
  const problems: SequenceProblem[] = [];
  const reported = new Set<string>();
  for (const use of uses) {
    if (use.defaulted || fillable.has(use.name) || reported.has(use.name)) continue;
    reported.add(use.name);
    const message =
      `nothing fills {{ ${use.name} }}${didYouMean(use.name, fillable)}: it is not a standard person field, ` +
      `not in "variables" nor the audience's fields, and this use has no default ({{ ${use.name} | default: '...' }})`;
    problems.push({ message: `${owner}: ${message}`, ...at(use.row), field: part });
  }
  for (const tag of partialTags) {
    problems.push({ message: `${owner}: {% ${tag} %} is not supported: a message is one self-contained template`, ...at(), field: part });
  }
  const literalLength = charCount(literalText.trim());
  if (isNote && literalLength > CONNECTION_NOTE_MAX_CHARS) {
    const message = `a connection request note holds at most ${CONNECTION_NOTE_MAX_CHARS} characters (LinkedIn's limit), but its literal text alone has ${literalLength}`;
    problems.push({ message: `${owner}: ${message}`, ...at(), field: part });
  }
  const bounds = checkTemplateBounds(templates);
  for (const finding of bounds) problems.push({ message: `${owner}: ${finding.message}`, ...at(finding.row), field: part });
  if (bounds.length === 0 && partialTags.length === 0 && !rules.trials.spent) {
    const trial = trialRender(text.text, [...fillable, ...uses.map((u) => u.name)], rules.trials.budget);
    rules.trials.spent = trial.budgetSpent;
    if (trial.problem) problems.push({ message: `${owner}: ${trial.problem}`, ...at(), field: part });
  }
  return problems;
}
