import { compareIds, identifierKey, type Identifier } from './identifiers';
import type { ImportRow } from './row';
import { UnionFind } from './union-find';

/** Why two identifiers are linked: a row of the file listed them together. */
interface Evidence {
  a: Identifier;
  b: Identifier;
  line: number;
}

/** The rows of a batch that are one person, with the persons of the graph they touch. */
export interface Component {
  /** In line order. */
  rows: ImportRow[];
  /** Persons already holding one of the component's identifiers, oldest (smallest id) first. */
  existing: string[];
  /**
   * The links this batch adds: only those that joined two groups not yet known to be one person, so a
   * re-import adds none, and a merge is explained by the link that caused it.
   */
  evidence: Evidence[];
}

/**
 * Union-find over identifiers. The graph's current owners are seeded first (identifiers of one person are
 * one set), then each row joins its identifiers; rows sharing any identifier, directly or through a person
 * of the graph, end in one component.
 */
export function groupRows(rows: readonly ImportRow[], owners: ReadonlyMap<string, string>): Component[] {
  const sets = new UnionFind();
  for (const row of rows) {
    for (const id of row.identifiers) {
      const key = identifierKey(id);
      const owner = owners.get(key);
      if (owner !== undefined) sets.union(`person:${owner}`, key);
    }
  }
  const evidence: Evidence[] = [];
  for (const row of rows) {
    const [anchor, ...others] = row.identifiers as [Identifier, ...Identifier[]];
    const anchorKey = identifierKey(anchor);
    sets.find(anchorKey);
    for (const other of others) {
      if (sets.union(anchorKey, identifierKey(other))) evidence.push({ a: anchor, b: other, line: row.line });
    }
  }

  const byRoot = new Map<string, Component>();
  const componentOf = (id: Identifier): Component => {
    const root = sets.find(identifierKey(id));
    let component = byRoot.get(root);
    if (!component) byRoot.set(root, (component = { rows: [], existing: [], evidence: [] }));
    return component;
  };
  for (const row of rows) {
    const component = componentOf(row.identifiers[0] as Identifier);
    component.rows.push(row);
    for (const id of row.identifiers) {
      const owner = owners.get(identifierKey(id));
      if (owner !== undefined && !component.existing.includes(owner)) component.existing.push(owner);
    }
  }
  for (const link of evidence) componentOf(link.a).evidence.push(link);
  const components = [...byRoot.values()];
  for (const c of components) c.existing.sort(compareIds);
  return components;
}
