import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { deferJourneysOf } from '../client/defer';
import type { InboundResolution, StoredEvent } from '../db/inbound-events';
import { classifyReply, type ReplyClass } from '../replies/classify';
import { replyInputOf } from '../replies/header-fields';
import type { ReplySentimentClassifier } from '../replies/sentiment';
import type { Channel } from '../sequences/model';
import { cachedSuppressionKey } from '../suppression/key';
import { suppressOptOut } from '../suppression/opt-out-reply';
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
  const message = {
    text: stored.text ?? '',
    ...(stored.subject === null ? {} : { subject: stored.subject }),
    ...(stored.headers === null ? {} : { headers: stored.headers }),
    at: stored.occurredAt,
  };
  const meaning = await classifyReply(replyInputOf(channel, message), deps.sentiment ? { sentiment: deps.sentiment } : {});
  deps.log('INFO', { message: 'reply classified', eventId: stored.id, kind: meaning.kind, ...(meaning.kind === 'human' ? { sentiment: meaning.sentiment } : {}) });
  switch (meaning.kind) {
    case 'human':
      return { meaning, positive: meaning.sentiment === 'positive' };
    case 'bounce':
    case 'automatic':
      return { meaning, handled: { resolution: 'not-a-reply', journeys: 0 } };
    case 'out_of_office': {
      const journeys = meaning.returnAt !== undefined && personId !== null ? await deferJourneysOf(deps.db, deps.temporal, personId, meaning.returnAt, stored.id) : 0;
      return { meaning, handled: { resolution: 'out-of-office', journeys } };
    }
    case 'opt_out':
      return { meaning, handled: { resolution: 'opted-out', journeys: await optOut(deps, stored, personId) } };
  }
}

async function optOut(deps: ReplyMeaningDeps, stored: StoredEvent, personId: string | null): Promise<number> {
  const { added, ended } = await suppressOptOut({ ...deps, key: () => cachedSuppressionKey(deps.db) }, stored.from, personId, `inbound-event:${stored.id}`);
  deps.log('INFO', { message: 'opt-out reply: person suppressed', eventId: stored.id, added, journeysEnded: ended });
  return ended;
}
