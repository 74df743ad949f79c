import type { ImportRow } from './row';

/** What the graph knows about a person besides identifiers. */
export interface PersonFields {
  firstName: string | null;
  lastName: string | null;
  attributes: Record<string, string>;
  tags: string[];
}

export const EMPTY_FIELDS: PersonFields = { firstName: null, lastName: null, attributes: {}, tags: [] };

/**
 * The survivor's fields after a merge and a file's rows: absorbed persons (oldest first) only fill what the
 * survivor lacks; then each row, in line order, overwrites with the values it has (the newest word wins,
 * blank cells erase nothing). Tags accumulate.
 */
export function combineFields(survivor: PersonFields, absorbed: readonly PersonFields[], rows: readonly ImportRow[]): PersonFields {
  const out: PersonFields = { ...survivor, attributes: { ...survivor.attributes }, tags: [...survivor.tags] };
  for (const other of absorbed) {
    out.firstName ??= other.firstName;
    out.lastName ??= other.lastName;
    out.attributes = { ...other.attributes, ...out.attributes };
    addTags(out.tags, other.tags);
  }
  for (const row of rows) {
    if (row.firstName !== undefined) out.firstName = row.firstName;
    if (row.lastName !== undefined) out.lastName = row.lastName;
    Object.assign(out.attributes, row.attributes);
    addTags(out.tags, row.tags);
  }
  return out;
}

export function sameFields(a: PersonFields, b: PersonFields): boolean {
  return (
    a.firstName === b.firstName &&
    a.lastName === b.lastName &&
    a.tags.length === b.tags.length &&
    a.tags.every((t, i) => t === b.tags[i]) &&
    sameRecord(a.attributes, b.attributes)
  );
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function addTags(into: string[], tags: readonly string[]): void {
  for (const tag of tags) if (!into.includes(tag)) into.push(tag);
}
