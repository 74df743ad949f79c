import type { AuthoredTemplate, AuthoredVariant, SourceText } from './authored';
import { type FieldReader, fieldPositions, idProblem, kindName } from './fields';
import { MAX_TEMPLATES, MAX_VARIANTS, MAX_VARIANTS_PER_TEMPLATE, WEIGHT_TOTAL } from './limits';
import type { SourceNode } from './parse';
import { count } from './quote';

const TEMPLATE_FIELDS = ['variants', 'body', 'subject'];
const VARIANT_FIELDS = ['id', 'weight', 'subject', 'body'];

/** The id a `body:` shorthand template's single variant gets. */
const SHORTHAND_VARIANT_ID = 'default';

export function readTemplates(top: FieldReader): AuthoredTemplate[] {
  const map = top.mapping('templates', false);
  const entries = map?.entries ?? [];
  if (map && entries.length > MAX_TEMPLATES) {
    top.report(`"templates" holds ${count(entries.length)} templates, over the limit of ${count(MAX_TEMPLATES)} for a sequence`, map.at, 'templates');
    top.limits.passed = true;
    return [];
  }
  const variantCount = entries.reduce((n, e) => n + variantsWritten(e.value), 0);
  if (map && variantCount > MAX_VARIANTS) {
    const message = `the templates hold ${count(variantCount)} variants together, over the limit of ${count(MAX_VARIANTS)} for a sequence`;
    top.report(message, map.at, 'templates');
    top.limits.passed = true;
    return [];
  }
  const templates: AuthoredTemplate[] = [];
  for (const entry of entries) {
    const id = entry.key;
    const problem = idProblem(id);
    if (problem) {
      top.report(`template id ${problem}`, entry.keyAt, 'templates');
      continue;
    }
    if (entry.value.kind !== 'map') {
      top.report(`template ${id} must be ${kindName('map', top.format)} with "body" or "variants"`, entry.value.at, 'templates');
      continue;
    }
    const r = top.child(entry.value, `template ${id}`);
    r.rejectUnknown(TEMPLATE_FIELDS);
    const written = r.entry('variants')?.value;
    const variants = written ? readVariants(r, id) : [readShorthand(r, id)];
    const incomplete = written?.kind === 'list' && variants.length < written.items.length;
    templates.push({ id, variants, incomplete, at: entry.value.at });
  }
  return templates;
}

function readShorthand(r: FieldReader, templateId: string): AuthoredVariant {
  return {
    id: SHORTHAND_VARIANT_ID,
    label: `template ${templateId}`,
    weight: 100,
    subject: readText(r, 'subject', false),
    body: readText(r, 'body', true),
    at: r.map.at,
    fieldAt: fieldPositions(r.map),
  };
}

function readVariants(r: FieldReader, templateId: string): AuthoredVariant[] {
  for (const key of ['body', 'subject']) {
    const e = r.entry(key);
    if (e) r.report(`use either "variants" or "${key}" (the one-variant shorthand), not both`, e.keyAt, key);
  }
  const list = r.list('variants', true);
  if (list?.items.length === 0) r.report('"variants" must list at least one variant', list.at, 'variants');
  if (list && list.items.length > MAX_VARIANTS_PER_TEMPLATE) {
    const message = `"variants" lists ${count(list.items.length)} variants; a template has at most ${MAX_VARIANTS_PER_TEMPLATE} (weights are whole percentages)`;
    r.report(message, list.at, 'variants');
    return [];
  }
  const variants: AuthoredVariant[] = [];
  list?.items.forEach((item, i) => {
    const label = `template ${templateId}, variant #${i + 1}`;
    if (item.kind !== 'map') return r.report(`variant #${i + 1} must be ${kindName('map', r.format)}`, item.at, 'variants');
    const v = r.child(item, label);
    const id = v.identifier('id', true);
    if (id !== undefined) v.renameOwner(`template ${templateId}, variant ${id}`, {});
    v.rejectUnknown(VARIANT_FIELDS);
    const variant = {
      id: id ?? '',
      label: v.label,
      weight: v.positiveInteger('weight', { max: WEIGHT_TOTAL, why: 'weights are whole percentages' }),
      subject: readText(v, 'subject', false),
      body: readText(v, 'body', true),
      at: item.at,
      fieldAt: fieldPositions(item),
    };
    if (id !== undefined) variants.push(variant);
  });
  return variants;
}

/** Variants a template entry lists (1 for the shorthand), before any is read. */
function variantsWritten(value: SourceNode): number {
  if (value.kind !== 'map') return 0;
  const variants = value.entries.find((e) => e.key === 'variants')?.value;
  return variants?.kind === 'list' ? variants.items.length : 1;
}

function readText(r: FieldReader, key: string, required: boolean): SourceText | undefined {
  const text = r.string(key, required);
  const value = r.entry(key)?.value;
  if (text === undefined || value?.kind !== 'scalar') return undefined;
  return { text, at: value.at, blockLiteral: value.blockLiteral };
}
