import type { MessageTemplate, TemplateVariant } from './model';

/**
 * Picks a variant by weight: `roll` in [0, 1) falls on the variant whose share of the total it lands in
 * (weights 50/50: [0, 0.5) is the first, [0.5, 1) the second). Pure, because workflow code calls it with a
 * deterministic random roll.
 */
export function chooseVariant(template: MessageTemplate, roll: number): TemplateVariant {
  if (!(roll >= 0 && roll < 1)) throw new RangeError(`roll must be in [0, 1), got ${roll}`);
  const total = template.variants.reduce((sum, v) => sum + v.weight, 0);
  if (!(total > 0)) throw new RangeError(`template "${template.id}" has no variant with a positive weight`);
  const point = roll * total;
  let reached = 0;
  let chosen: TemplateVariant | undefined;
  for (const variant of template.variants) {
    reached += variant.weight;
    chosen = variant;
    if (point < reached) break;
  }
  return chosen as TemplateVariant;
}
