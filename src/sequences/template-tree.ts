import { type Template, toValueSync } from 'liquidjs';

/** A tag's child templates, every branch included (`{% else %}`, each `{% when %}`). */
export function childrenOf(t: Template): Template[] {
  return t.children ? toValueSync(t.children(false, true)) : [];
}

/** How many blocks deep the template nests; walked with a stack of its own, so any depth is safe. */
export function nestingDepth(templates: Template[]): number {
  let deepest = 0;
  const pending = templates.map((t) => ({ t, depth: 0 }));
  for (let item = pending.pop(); item; item = pending.pop()) {
    const children = childrenOf(item.t);
    const depth = children.length > 0 ? item.depth + 1 : item.depth;
    deepest = Math.max(deepest, depth);
    for (const child of children) pending.push({ t: child, depth });
  }
  return deepest;
}
