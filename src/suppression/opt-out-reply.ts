import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Identifier } from '../identity/identifiers';
import type { PersonRef } from '../identity/resolve-person';
import { InvalidIdentifierError, normalizeIdentifier } from './identifier';
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
  const identifier = identifierOf(from);
  let persons = personId === null ? [] : [personId];
  let added = 0;
  if (identifier !== undefined) {
    const outcome = await suppress({ db: deps.db, key: await deps.key() }, [{ identifier, scope: { scope: 'global' }, reason: 'replied_opt_out', source }]);
    persons = [...new Set([...outcome.persons, ...persons])];
    added = outcome.added.length;
  }
  return { added, ended: await endJourneysOf(deps.db, deps.temporal, persons) };
}

/** The first identifier of the reference that a suppression can name; undefined when none can. */
function identifierOf(from: PersonRef): Identifier | undefined {
  const candidates: [Identifier['kind'], string | undefined][] = [
    ['email', from.email],
    ['x_user_id', from.xUserId],
    ['x_handle', from.xHandle],
    ['linkedin', from.linkedinUrl],
    ['crypto', from.walletAddress],
  ];
  for (const [kind, value] of candidates) {
    if (value === undefined || value.trim() === '') continue;
    try {
      return normalizeIdentifier(kind, value);
    } catch (error) {
      if (!(error instanceof InvalidIdentifierError)) throw error;
    }
  }
  return undefined;
}
