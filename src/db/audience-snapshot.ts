import type { Knex } from 'knex';
import { arrayBinding } from './array-binding';
import { liveContactsQuery } from './contacts';

/**
 * A snapshot is taken in two steps inside one transaction: its people are gathered (live person ids) in the
 * temp table `audience_selection`, then captureMembers writes them with their variables.
 */
export async function createSelection(trx: Knex.Transaction): Promise<void> {
  await trx.raw('create temp table audience_selection (person_id bigint primary key) on commit drop');
}

/** Gathers the persons a query selects (one column of live person ids, e.g. filteredPersons). */
export async function selectPersons(trx: Knex.Transaction, persons: Knex.QueryBuilder): Promise<void> {
  await trx.raw('insert into audience_selection ?', [persons]);
}

/** The persons an import wrote, as it wrote them: a person merged later in the same file is still named here. */
export async function createImportedPeople(trx: Knex.Transaction): Promise<void> {
  await trx.raw('create temp table import_people (person_id bigint not null) on commit drop');
}

export async function addImportedPeople(trx: Knex.Transaction, personIds: readonly string[]): Promise<void> {
  await trx.raw('insert into import_people select unnest(?::bigint[])', [arrayBinding(personIds)]);
}

/** Gathers the import's people as the live persons they are now: rows merged by the import count once. */
export async function selectImportedPeople(trx: Knex.Transaction): Promise<void> {
  await trx.raw(`insert into audience_selection
    select distinct coalesce(p.merged_into, p.id) from import_people i join persons p on p.id = i.person_id`);
}

/**
 * Writes the members of a new audience from `audience_selection`, with their variables as the graph has them
 * at this moment: the standard fields of the person's identifiers as every journey reads them (./contacts.ts),
 * then every person attribute. Returns the member count. The selection is analysed first so that the
 * planner knows whether it holds ten people or a million.
 */
export async function captureMembers(trx: Knex.Transaction, audienceId: string): Promise<number> {
  await trx.raw('analyze audience_selection');
  const contacts = liveContactsQuery(trx, trx('audience_selection').select('person_id'));
  const result = await trx.raw<{ rowCount: number | null }>(
    'insert into audience_members (audience_id, person_id, variables) select ?::bigint, c.person_id, c.variables from ? as c',
    [audienceId, contacts],
  );
  return result.rowCount ?? 0;
}
