import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { CredentialSource } from '../channels/credentials';
import { sequenceNameOfVersion } from '../db/sequences';
import { identifiersOfPersons } from '../db/suppressions';
import type { IngestLog } from '../ingest/log';
import { asListed } from '../suppression/identifier';
import { cachedSuppressionKey } from '../suppression/key';
import { endJourneysOf, suppress } from '../suppression/suppress';
import { readLegacyToken } from './legacy';
import { MAX_TOKEN_CHARS, readUnsubscribeToken, unsubscribeSigningKey } from './token';

export interface UnsubscribeDeps {
  db: Knex;
  temporal: Pick<Client, 'workflow'>;
  credentials: CredentialSource;
  log: IngestLog;
}

/** Whom a verified token names; the sequence is unknown for a token of the first format. */
export interface UnsubscribeTarget {
  personId: string;
  senderAccountId: string;
  sequenceVersionId?: string;
  format: 'u1' | 'legacy';
}

/** The target of a token made by us (either format), or undefined for a forged, altered or oversized one. */
export async function verifyToken(deps: UnsubscribeDeps, token: string): Promise<UnsubscribeTarget | undefined> {
  if (token.length === 0 || token.length > MAX_TOKEN_CHARS) return undefined;
  const claims = readUnsubscribeToken(unsubscribeSigningKey(await cachedSuppressionKey(deps.db)), token);
  if (claims) return { ...claims, format: 'u1' };
  const legacy = await readLegacyToken(deps, token);
  return legacy && { ...legacy, format: 'legacy' };
}

export interface UnsubscribeOutcome {
  /** Suppressions added now; 0 when the person was already suppressed (a repeated click). */
  added: number;
  /** Running journeys told to end. */
  ended: number;
}

/**
 * Suppresses every identifier the person holds, globally, with reason `unsubscribed`, then ends their running
 * journeys. Repeating it adds nothing and ends nothing already ended. `via` says how it came: `unsubscribe-link`
 * or `unsubscribe-mail`; the source names it and the sequence (`unsubscribe-link:SEQUENCE`).
 */
export async function unsubscribe(deps: UnsubscribeDeps, target: UnsubscribeTarget, via: string): Promise<UnsubscribeOutcome> {
  const key = await cachedSuppressionKey(deps.db);
  const sequence = target.sequenceVersionId ? await sequenceNameOfVersion(deps.db, target.sequenceVersionId) : undefined;
  const source = `${via}:${sequence ?? (target.sequenceVersionId ? `sequence-version-${target.sequenceVersionId}` : 'unknown-sequence')}`.slice(0, 300);
  const held = (await identifiersOfPersons(deps.db, [target.personId])).get(target.personId) ?? [];
  const identifiers = held.map(asListed);
  const outcome = await suppress(
    { db: deps.db, key },
    identifiers.map((identifier) => ({ identifier, scope: { scope: 'global' }, reason: 'unsubscribed', source })),
  );
  // Also the token's own person: a repeat after a failed signal still ends what is left running.
  const ended = await endJourneysOf(deps.db, deps.temporal, [...new Set([...outcome.persons, target.personId])]);
  return { added: outcome.added.length, ended };
}
