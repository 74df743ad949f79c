import { combineFields, EMPTY_FIELDS, sameFields, type PersonFields } from './fields';
import type { Component } from './group';
import { identifierKey, type IdentifierKind } from './identifiers';
import type { ImportRow } from './row';
import { planXProfiles, type XProfile, type XProfileWrites } from './x-profiles';

/** What the graph already holds for the identifiers of one batch. */
export interface KnownGraph {
  /** identifierKey -> the live person holding it. */
  owners: ReadonlyMap<string, string>;
  xProfiles: readonly XProfile[];
  /** The fields of every person in `owners`. */
  persons: ReadonlyMap<string, PersonFields>;
}

type PersonRecord = PersonFields & { id: string };

interface IdentityLink {
  personId: string;
  kindA: IdentifierKind;
  valueA: string;
  kindB: IdentifierKind;
  valueB: string;
  line: number;
}

/** Every write one batch makes; applied in this order by store.ts. */
export interface BatchPlan {
  newPersons: PersonRecord[];
  /** The younger person moves into the older one; see docs/audiences.md for what moves and what stays. */
  merges: { absorbed: string; survivor: string }[];
  updatedPersons: PersonRecord[];
  /** Email, crypto and LinkedIn identifiers the graph does not have yet. */
  identifiers: { personId: string; kind: 'email' | 'crypto' | 'linkedin'; value: string }[];
  xProfiles: XProfileWrites;
  links: IdentityLink[];
  /** The live person of every row, once each. */
  members: string[];
  /** The live person of each row, by the row's line. */
  personByLine: Map<number, string>;
}

/** Turns a batch's components into writes. `newIds` holds one fresh person id per component without a person. */
export function planBatch(components: readonly Component[], known: KnownGraph, newIds: readonly string[]): BatchPlan {
  const plan: BatchPlan = {
    newPersons: [],
    merges: [],
    updatedPersons: [],
    identifiers: [],
    xProfiles: { inserts: [], fills: [] },
    links: [],
    members: [],
    personByLine: new Map(),
  };
  const xRows: { row: ImportRow; personId: string }[] = [];
  const fresh = [...newIds];
  const fieldsOf = (id: string) => known.persons.get(id) ?? EMPTY_FIELDS;

  for (const component of components) {
    const [survivor, ...absorbed] = component.existing;
    const personId = survivor ?? fresh.shift();
    if (personId === undefined) throw new Error('planBatch: fewer new person ids than new persons');
    const before = survivor === undefined ? EMPTY_FIELDS : fieldsOf(survivor);
    const after = combineFields(before, absorbed.map(fieldsOf), component.rows);
    if (survivor === undefined) plan.newPersons.push({ id: personId, ...after });
    else if (absorbed.length > 0 || !sameFields(before, after)) plan.updatedPersons.push({ id: personId, ...after });
    for (const id of absorbed) plan.merges.push({ absorbed: id, survivor: personId });

    const added = new Set<string>();
    for (const row of component.rows) {
      plan.personByLine.set(row.line, personId);
      if (row.xUserId !== undefined || row.xHandle !== undefined) xRows.push({ row, personId });
      for (const id of row.identifiers) {
        if (id.kind === 'x_user_id' || id.kind === 'x_handle') continue;
        const key = identifierKey(id);
        if (known.owners.has(key) || added.has(key)) continue;
        added.add(key);
        plan.identifiers.push({ personId, kind: id.kind, value: id.value });
      }
    }
    for (const e of component.evidence) {
      plan.links.push({ personId, kindA: e.a.kind, valueA: e.a.value, kindB: e.b.kind, valueB: e.b.value, line: e.line });
    }
    plan.members.push(personId);
  }
  plan.xProfiles = planXProfiles(xRows, known.xProfiles);
  return plan;
}
