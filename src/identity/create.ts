import type { Knex } from 'knex';
import { filteredPersons } from '../db/audience-filter';
import { captureMembers, createSelection, selectPersons } from '../db/audience-snapshot';
import { assertAudienceNameFree, insertAudience, resolveAudienceNames } from './audiences';
import { audienceNames, formatFilter, parseFilter } from './filter';

export interface CreateAudienceOptions {
  name: string;
  /** In the filter language of docs/audiences.md. */
  from: string;
  /** Count the people the filter selects; create nothing. */
  dryRun?: boolean;
}

export interface CreateAudienceResult {
  audience: string;
  audienceId: string | null;
  /** The filter as understood, in canonical form. */
  filter: string;
  members: number;
  dryRun: boolean;
}

/**
 * Snapshots the live persons the filter selects, with their variables as of now. One repeatable-read
 * transaction, so an import committing meanwhile cannot split the selection from the variables.
 * Throws FilterError, UnknownAudienceError and AudienceExistsError.
 */
export async function createAudience(db: Knex, opts: CreateAudienceOptions): Promise<CreateAudienceResult> {
  const filter = parseFilter(opts.from);
  const canonical = formatFilter(filter);
  const dryRun = Boolean(opts.dryRun);
  return db.transaction(
    async (trx) => {
      const selected = filteredPersons(trx, filter, await resolveAudienceNames(trx, audienceNames(filter)));
      await assertAudienceNameFree(trx, opts.name);
      if (dryRun) {
        const [row] = await selected.clearSelect().count<{ count: string }[]>({ count: '*' });
        return { audience: opts.name, audienceId: null, filter: canonical, members: Number(row?.count ?? 0), dryRun };
      }
      const id = await insertAudience(trx, opts.name, { kind: 'filter', expression: canonical, filter });
      await createSelection(trx);
      await selectPersons(trx, selected);
      const members = await captureMembers(trx, id);
      return { audience: opts.name, audienceId: id, filter: canonical, members, dryRun };
    },
    { isolationLevel: 'repeatable read' },
  );
}
