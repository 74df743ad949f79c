import type { FetchMessageObject, ImapFlow, SearchObject } from 'imapflow';
import { simpleParser } from 'mailparser';
import { inboundKind, permanentFailure, type InboundHeaders, type InboundKind } from './classify';

/** An inbound message that refers to one of our messages. */
export interface Answer {
  kind: InboundKind;
  at: Date;
  /** The answer's own Message-ID, or its place in the mailbox when it has none. */
  id: string;
  /** For a bounce: the permanent 5.x.x status it reports, if any. */
  permanentFailure?: string;
}

/** Bounces quote the original headers, so a few kilobytes are plenty; a big attachment is never read. */
const BOUNCE_BYTES = 128 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Every message in the folders, received since `since`, that answers one of `messageIds`: by In-Reply-To
 * or References, or (bounces, which rarely thread) by quoting the id in their body. Oldest first.
 */
export async function findAnswers(client: ImapFlow, folders: string[], messageIds: string[], since: Date): Promise<Answer[]> {
  const bare = messageIds.map((id) => id.replace(/^<|>$/g, ''));
  const answers: Answer[] = [];
  for (const folder of folders) {
    const lock = await openFolder(client, folder);
    try {
      const uids = await client.search(answerQuery(bare, since), { uid: true });
      if (!uids || uids.length === 0) continue;
      for (const message of await client.fetchAll(uids, { uid: true, internalDate: true, headers: true }, { uid: true })) {
        const answer = await readAnswer(client, folder, message, bare, since);
        if (answer) answers.push(answer);
      }
    } finally {
      lock.release();
    }
  }
  return answers.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Whether a message with this Message-ID is in the folder (a send that went out before a retry). */
export async function hasMessage(client: ImapFlow, folder: string, messageId: string): Promise<{ subject: string } | undefined> {
  const lock = await openFolder(client, folder);
  try {
    const uids = await client.search({ header: { 'message-id': messageId.replace(/^<|>$/g, '') } }, { uid: true });
    const uid = uids && uids[0];
    if (uid === undefined) return undefined;
    const found = await client.fetchOne(String(uid), { envelope: true }, { uid: true });
    return { subject: (found && found.envelope?.subject) || '' };
  } finally {
    lock.release();
  }
}

/** Read-only, so checking never changes what the person sees (no \Recent or \Seen taken). */
async function openFolder(client: ImapFlow, folder: string) {
  try {
    return await client.getMailboxLock(folder, { readOnly: true });
  } catch (error) {
    throw Object.assign(error as Error, { path: folder });
  }
}

function answerQuery(ids: string[], since: Date): SearchObject {
  // SINCE compares dates without time (RFC 9051 6.4.4); the exact time is checked on each message.
  return {
    since: new Date(since.getTime() - DAY_MS),
    or: ids.flatMap((id): SearchObject[] => [{ header: { 'in-reply-to': id } }, { header: { references: id } }, { body: id }]),
  };
}

async function readAnswer(client: ImapFlow, folder: string, message: FetchMessageObject, ids: string[], since: Date): Promise<Answer | undefined> {
  const at = message.internalDate ? new Date(message.internalDate) : undefined;
  // INTERNALDATE has whole seconds: a reply in the second of the send still counts.
  if (!at || at.getTime() < Math.floor(since.getTime() / 1000) * 1000) return undefined;
  const headers = await parseHeaders(message.headers ?? Buffer.alloc(0));
  const kind = inboundKind(headers);
  const id = headers.get('message-id')[0]?.trim() || `${folder}/${message.uid}`;
  if (kind === 'bounce') {
    const source = await client.fetchOne(String(message.uid), { source: { maxLength: BOUNCE_BYTES } }, { uid: true });
    const failure = source && source.source ? permanentFailure(source.source.toString('latin1')) : undefined;
    return { kind, at, id, ...(failure ? { permanentFailure: failure } : {}) };
  }
  const threaded = [...headers.get('in-reply-to'), ...headers.get('references')].join(' ');
  return ids.some((ours) => threaded.includes(ours)) ? { kind, at, id } : undefined;
}

/** Header fields of a message as InboundHeaders: names lower-case, folded values unfolded. */
export async function parseHeaders(raw: Buffer): Promise<InboundHeaders> {
  const parsed = await simpleParser(Buffer.concat([raw, Buffer.from('\r\n')]), { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
  const byName = new Map<string, string[]>();
  for (const { key, line } of parsed.headerLines) {
    const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    byName.set(key.toLowerCase(), [...(byName.get(key.toLowerCase()) ?? []), value]);
  }
  return {
    get: (name) => byName.get(name.toLowerCase()) ?? [],
    subject: parsed.subject ?? '',
    from: (parsed.from?.value[0]?.address ?? '').toLowerCase(),
  };
}
