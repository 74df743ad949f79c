import type { AuthoredTemplate, AuthoredVariant, SourceText } from './authored';
import { type FieldReader, ID_PATTERN, fieldPositions, kindName } from './fields';

const TEMPLATE_FIELDS = ['variants', 'body', 'subject'];
const VARIANT_FIELDS = ['id', 'weight', 'subject', 'body'];

/** The id a `body:` shorthand template's single variant gets. */
export const SHORTHAND_VARIANT_ID = 'default';

export function readTemplates(top: FieldReader): AuthoredTemplate[] {
  const map = top.mapping('templates', false);
  const templates: AuthoredTemplate[] = [];
  for (const entry of map?.entries ?? []) {
    const id = entry.key;
    if (!ID_PATTERN.test(id)) {
      top.report(`template id "${id}": use letters, digits, "_" and "-" only`, entry.keyAt, 'templates');
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
      weight: v.positiveInteger('weight'),
      subject: readText(v, 'subject', false),
      body: readText(v, 'body', true),
      at: item.at,
      fieldAt: fieldPositions(item),
    };
    if (id !== undefined) variants.push(variant);
  });
  return variants;
}

function readText(r: FieldReader, key: string, required: boolean): SourceText | undefined {
  const text = r.string(key, required);
  const value = r.entry(key)?.value;
  if (text === undefined || value?.kind !== 'scalar') return undefined;
  return { text, at: value.at, blockLiteral: value.blockLiteral };
}
