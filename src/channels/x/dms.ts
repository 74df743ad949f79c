import type { TwitterApiv2 } from 'twitter-api-v2';
import { z } from 'zod';

// twitter-api-v2 does not export its DM types from the package root.
type DmQuery = NonNullable<Parameters<TwitterApiv2['listDmEventsWithParticipant']>[1]>;
type DmEvent = Awaited<ReturnType<TwitterApiv2['listDmEventsWithParticipant']>>['events'][number];

/** 100 events a page (X's maximum); ten pages reach far enough back for a journey's wait. */
const PAGE_SIZE = 100;
const MAX_PAGES = 10;

const QUERY: DmQuery = {
  event_types: 'MessageCreate',
  'dm_event.fields': ['id', 'event_type', 'text', 'sender_id', 'created_at', 'dm_conversation_id'],
  max_results: PAGE_SIZE,
};

/** twitter-api-v2 types this answer as its `data` member; X wraps it in `{ data }`. */
const sentSchema = z.object({ data: z.object({ dm_event_id: z.string(), dm_conversation_id: z.string() }) });

export async function sendDm(client: TwitterApiv2, participantId: string, text: string): Promise<string> {
  const answer: unknown = await client.sendDmToParticipant(participantId, { text });
  const parsed = sentSchema.safeParse(answer);
  if (!parsed.success) throw new Error('X accepted the DM but its answer names no dm_event_id');
  return parsed.data.data.dm_event_id;
}

export interface DmMessage {
  id: string;
  senderId: string;
  text: string;
  at: Date;
}

/**
 * Walks the one-to-one conversation newest first (the order X returns it in) and stops at the first
 * message from before `after`'s second (X dates events to the second), so a check usually costs one request.
 */
async function* messagesSince(client: TwitterApiv2, participantId: string, after: Date): AsyncGenerator<DmMessage> {
  const from = Math.floor(after.getTime() / 1000) * 1000;
  let page = await client.listDmEventsWithParticipant(participantId, QUERY);
  for (let n = 1; ; n++) {
    for (const event of page.events) {
      const message = asMessage(event);
      if (!message) continue;
      if (message.at.getTime() < from) return;
      yield message;
    }
    if (page.done || n >= MAX_PAGES) return;
    page = await page.next();
  }
}

function asMessage(event: DmEvent): DmMessage | undefined {
  if (event.event_type !== 'MessageCreate' || !event.sender_id || !event.created_at) return undefined;
  return { id: event.id, senderId: event.sender_id, text: event.text, at: new Date(event.created_at) };
}

/** A message of ours with this text sent at or after `at`: an earlier attempt of this send that got through. */
export async function findSentDm(client: TwitterApiv2, participantId: string, senderId: string, text: string, at: Date) {
  for await (const message of messagesSince(client, participantId, at)) {
    if (message.senderId === senderId && message.text === text) return message;
  }
  return undefined;
}

/** The lead's first message after `since`; our own messages in the conversation do not count. */
export async function findReply(client: TwitterApiv2, participantId: string, since: Date): Promise<DmMessage | undefined> {
  let first: DmMessage | undefined;
  for await (const message of messagesSince(client, participantId, since)) {
    if (message.senderId === participantId) first = message;
  }
  return first;
}
