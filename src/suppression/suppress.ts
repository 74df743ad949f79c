import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { signalIfRunning } from '../client/signal-journey';
import { runningJourneysOf } from '../db/enrollments';
import { lockPersonsForSuppression } from '../db/send-locks';
import { insertSuppressions, removeSuppressions, type Suppression, type SuppressionReason, type SuppressionScope } from '../db/suppressions';
import type { Identifier } from '../identity/identifiers';
import { resolvePerson, type PersonRef } from '../identity/resolve-person';
import { cancelSignal, SUPPRESSED_END_REASON } from '../../workflows/contract';
import { identifierHash } from './identifier';

export interface SuppressionDeps {
  db: Knex;
  /** The suppression key (src/suppression/key.ts). */
  key: Buffer;
}

export interface SuppressionRequest {
  identifier: Identifier;
  scope: SuppressionScope;
  reason: SuppressionReason;
  source: string;
  expiresAt?: Date;
}

export interface SuppressionOutcome {
  added: Suppression[];
  /** The persons holding the identifiers now (a suppression of an identifier nobody holds still stands). */
  persons: string[];
  /** Those whose running journeys are to end now (endJourneysOf): a global suppression was added for them. */
  ending: string[];
}

export function personRef(id: Identifier): PersonRef {
  switch (id.kind) {
    case 'email':
      return { email: id.value };
    case 'x_user_id':
      return { xUserId: id.value };
    case 'x_handle':
      return { xHandle: id.value };
    case 'linkedin':
      return { linkedinUrl: id.value };
    case 'crypto':
      return { walletAddress: id.value };
  }
}

/**
 * Adds the suppressions, under the send locks of the persons who hold the identifiers: sends to them in flight
 * finish first, and none starts until the suppressions are committed, so no send follows a suppression's time.
 */
export async function suppress(deps: SuppressionDeps, requests: readonly SuppressionRequest[]): Promise<SuppressionOutcome> {
  const held = await Promise.all(
    requests.map(async (r) => ({ hash: identifierHash(deps.key, r.identifier), person: await resolvePerson(deps.db, personRef(r.identifier)) })),
  );
  const persons = [...new Set(held.flatMap((h) => (h.person ? [h.person] : [])))];
  const added = await deps.db.transaction(async (trx) => {
    await lockPersonsForSuppression(trx, persons);
    return insertSuppressions(
      trx,
      requests.map((r, i) => ({
        identifierHash: (held[i] as { hash: string }).hash,
        identifierKind: r.identifier.kind,
        scope: r.scope,
        reason: r.reason,
        source: r.source,
        ...(r.expiresAt ? { expiresAt: r.expiresAt } : {}),
      })),
    );
  });
  // Global ones end the persons' journeys now; the others stop a send on their channel or account when it comes.
  const globalHashes = new Set(added.filter((s) => s.scope.scope === 'global').map((s) => s.identifierHash));
  const ending = new Set(held.flatMap((h) => (h.person && globalHashes.has(h.hash) ? [h.person] : [])));
  return { added, persons, ending: [...ending] };
}

/**
 * Ends the persons' running journeys (all, or those `journeysOf` lists) at once: the `cancel` signal with
 * reason `suppressed`. Returns how many it signalled. Should Temporal be away, the journeys still end at
 * their next send, which checks the list.
 */
export async function endJourneysOf(
  db: Knex,
  temporal: Pick<Client, 'workflow'>,
  persons: readonly string[],
  journeysOf: (db: Knex, personId: string) => Promise<string[]> = runningJourneysOf,
): Promise<number> {
  let ended = 0;
  for (const personId of persons) {
    for (const workflowId of await journeysOf(db, personId)) {
      if (await signalIfRunning(temporal, workflowId, cancelSignal, SUPPRESSED_END_REASON)) ended++;
    }
  }
  return ended;
}

/** Lifts the suppressions of these identifiers (in the scope, when given). */
export async function unsuppress(deps: Pick<SuppressionDeps, 'db' | 'key'>, identifiers: readonly Identifier[], source: string, scope?: SuppressionScope): Promise<Suppression[]> {
  const hashes = identifiers.map((id) => identifierHash(deps.key, id));
  return deps.db.transaction((trx) => removeSuppressions(trx, hashes, source, scope));
}
