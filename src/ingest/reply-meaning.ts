import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { runningJourneysOf } from '../db/enrollments';
import type { InboundResolution, StoredEvent } from '../db/inbound-events';
import type { PersonRef } from '../identity/resolve-person';
import type { Identifier } from '../identity/identifiers';
import { classifyReply, type ReplyClass } from '../replies/classify';
import { headersFromFields } from '../replies/header-fields';
import type { ReplySentimentClassifier } from '../replies/sentiment';
import type { Channel } from '../sequences/model';
import { cachedSuppressionKey } from '../suppression/key';
import { endJourneysOf, suppress } from '../suppression/suppress';
import { InvalidIdentifierError, normalizeIdentifier } from '../suppression/identifier';
import { deferSignal } from '../../workflows/contract';
import type { IngestLog } from './log';

export interface ReplyMeaningDeps {
  db: Knex;
  temporal: Pick<Client, 'workflow'>;
  log: IngestLog;
  /** Another sentiment classifier than the local rules. */
  sentiment?: ReplySentimentClassifier;
}

/**
 * What a reply event comes to: told to the journeys as `replied` (with whether it is positive), or handled
 * here and told to none of them (`not-a-reply`, `out-of-office`, `opted-out`). `meaning` is absent for an
 * event that carries nothing to read (no text, no headers): it is told as a reply, as before.
 */
export type ReplyReading =
  | { meaning?: ReplyClass; positive?: boolean; handled?: undefined }
  | { meaning: ReplyClass; handled: { resolution: InboundResolution; journeys: number } };

/**
 * Classifies a reply before any journey hears of it. A bounce or an automatic answer is not a reply; an
 * out-of-office note is not one either, and its return day holds the person's journeys' next message; an
 * opt-out suppresses the person everywhere (even one we do not know yet: when in doubt, suppress) and ends
 * their journeys on every channel; a person's reply is a reply, positive when its sentiment is.
 */
export async function readReply(deps: ReplyMeaningDeps, stored: StoredEvent, channel: Channel, personId: string | null): Promise<ReplyReading> {
  if (stored.text === null && stored.headers === null) return {};
  const meaning = await classifyReply(
    {
      channel,
      text: stored.text ?? '',
      ...(stored.subject === null ? {} : { subject: stored.subject }),
      ...(stored.headers === null ? {} : { headers: headersFromFields(stored.headers, stored.subject ?? undefined) }),
      receivedAt: stored.occurredAt,
    },
    deps.sentiment ? { sentiment: deps.sentiment } : {},
  );
  deps.log('INFO', { message: 'reply classified', eventId: stored.id, kind: meaning.kind, ...(meaning.kind === 'human' ? { sentiment: meaning.sentiment } : {}) });
  switch (meaning.kind) {
    case 'human':
      return { meaning, positive: meaning.sentiment === 'positive' };
    case 'bounce':
    case 'automatic':
      return { meaning, handled: { resolution: 'not-a-reply', journeys: 0 } };
    case 'out_of_office': {
      const journeys = meaning.returnAt !== undefined && personId !== null ? await deferJourneys(deps, stored.id, personId, meaning.returnAt) : 0;
      return { meaning, handled: { resolution: 'out-of-office', journeys } };
    }
    case 'opt_out':
      return { meaning, handled: { resolution: 'opted-out', journeys: await optOut(deps, stored, personId) } };
  }
}

/** Tells each of the person's running journeys that no message may go before `until`. */
async function deferJourneys(deps: ReplyMeaningDeps, eventId: string, personId: string, until: string): Promise<number> {
  let told = 0;
  for (const workflowId of await runningJourneysOf(deps.db, personId)) {
    try {
      await deps.temporal.workflow.getHandle(workflowId).signal(deferSignal, { eventId, until });
      told++;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
  return told;
}

/** A global suppression of the identifier the reply came from, then the end of the person's journeys. */
async function optOut(deps: ReplyMeaningDeps, stored: StoredEvent, personId: string | null): Promise<number> {
  const identifier = identifierOf(stored.from);
  if (identifier === undefined) {
    deps.log('WARN', { message: 'opt-out reply from an identifier that cannot be suppressed; ending the journeys only', eventId: stored.id });
    return personId === null ? 0 : endJourneysOf(deps.db, deps.temporal, [personId]);
  }
  const key = await cachedSuppressionKey(deps.db);
  const outcome = await suppress({ db: deps.db, key }, [{ identifier, scope: { scope: 'global' }, reason: 'replied_opt_out', source: `inbound-event:${stored.id}` }]);
  // Also when the suppression was already in force: a delivery retried after a crash still ends the journeys.
  const persons = [...new Set([...outcome.persons, ...(personId === null ? [] : [personId])])];
  const ended = await endJourneysOf(deps.db, deps.temporal, persons);
  deps.log('INFO', { message: 'opt-out reply: person suppressed', eventId: stored.id, added: outcome.added.length, journeysEnded: ended });
  return ended;
}

function identifierOf(from: PersonRef): Identifier | undefined {
  const [kind, value]: [Identifier['kind'], string | undefined] = from.email
    ? ['email', from.email]
    : from.xUserId
      ? ['x_user_id', from.xUserId]
      : from.walletAddress
        ? ['crypto', from.walletAddress]
        : from.linkedinUrl
          ? ['linkedin', from.linkedinUrl]
          : ['x_handle', from.xHandle];
  if (value === undefined) return undefined;
  try {
    return normalizeIdentifier(kind, value);
  } catch (error) {
    if (error instanceof InvalidIdentifierError) return undefined;
    throw error;
  }
}
