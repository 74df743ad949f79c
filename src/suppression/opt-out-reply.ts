import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { PersonRef } from '../identity/resolve-person';
import { identifiersInRef } from './identifier';
import { endJourneysOf, suppress } from './suppress';

/**
 * A reply that asked to stop: a global suppression of the identifier it came from (reason `replied_opt_out`),
 * then the end of the person's journeys on every channel, also when the suppression was already in force (a
 * retried delivery still ends them). Without an identifier to suppress, the journeys end all the same.
 */
export async function suppressOptOut(
  deps: { db: Knex; temporal: Pick<Client, 'workflow'>; key: () => Promise<Buffer> },
  from: PersonRef,
  personId: string | null,
  source: string,
): Promise<{ added: number; ended: number }> {
  const [identifier] = identifiersInRef(from);
  let persons = personId === null ? [] : [personId];
  let added = 0;
  if (identifier !== undefined) {
    const outcome = await suppress({ db: deps.db, key: await deps.key() }, [{ identifier, scope: { scope: 'global' }, reason: 'replied_opt_out', source }]);
    persons = [...new Set([...outcome.persons, ...persons])];
    added = outcome.added.length;
  }
  return { added, ended: await endJourneysOf(deps.db, deps.temporal, persons) };
}
