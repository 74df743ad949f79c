import type { FetchMessageObject } from 'imapflow';
import { inboundKind, permanentFailure } from '../../channels/email/classify';
import { ourMessageIdsIn } from '../../channels/email/message';
import { deliveryReport, feedbackReport, type MailReport } from '../../channels/email/reports';
import { parseHeaders } from '../../channels/email/replies';
import type { SenderAccount } from '../../db/senderAccounts';
import { replyContentOf } from '../../channels/email/reply-text';
import { messageParts, type ProviderEvent } from '../provider-event';
import { unsubscribeTokenIn } from '../unsubscribe-mail';

/** The header fields a listener reads: threading, the sender, and what tells a person from a machine. */
export const LISTENED_HEADERS = [
  'message-id',
  'in-reply-to',
  'references',
  'from',
  'date',
  'subject',
  'content-type',
  'return-path',
  'auto-submitted',
  'x-autoreply',
  'x-autorespond',
  'precedence',
  'list-id',
];

/** Where a message sits: with the account, what names it when it has no Message-ID. */
export interface MailboxPlace {
  folder: string;
  uidValidity: string;
}

/**
 * The event one new message makes, or undefined when it is none of ours to report: not an answer to one of
 * our messages (In-Reply-To / References name none of our Message-IDs; bounces quote it in their body).
 * A message through our `mailto:` unsubscribe link (`unsubscribe TOKEN` as its subject) is reported threaded or
 * not. `source` reads the start of the raw message: a bounce's report, a reply's text. An automatic answer is an
 * event too, with its headers and text: the pipeline's classifier tells an out-of-office note (whose return
 * day holds the journeys' next message) from other automatic mail. `domain` is our address's.
 */
export async function eventOf(
  account: SenderAccount,
  place: MailboxPlace,
  message: FetchMessageObject,
  domain: string,
  source: () => Promise<string>,
): Promise<ProviderEvent | undefined> {
  const headers = await parseHeaders(message.headers ?? Buffer.alloc(0));
  const kind = inboundKind(headers);
  const messageId = headers.get('message-id')[0]?.trim() || undefined;
  const threaded = [...headers.get('in-reply-to'), ...[...headers.get('references')].reverse()].join(' ');
  let answers = ourMessageIdsIn(threaded, domain)[0];
  let failure: string | undefined;
  let report: MailReport | undefined;
  if (kind === 'bounce' || kind === 'complaint') {
    const text = await source();
    answers ??= ourMessageIdsIn(text, domain)[0];
    failure = kind === 'bounce' ? permanentFailure(text) : undefined;
    report = kind === 'bounce' ? deliveryReport(text) : feedbackReport(text);
  }
  const unsubscribeToken = kind === 'reply' ? unsubscribeTokenIn(headers.subject) : undefined;
  if ((answers === undefined && unsubscribeToken === undefined) || !headers.from) return undefined;
  const arrived = message.internalDate ? new Date(message.internalDate) : undefined;
  const dated = Date.parse(headers.get('date')[0] ?? '');
  const occurredAt = arrived && !Number.isNaN(arrived.getTime()) ? arrived : Number.isNaN(dated) ? new Date() : new Date(dated);
  return {
    origin: 'imap',
    // A Message-ID names the message in every folder and across a UIDVALIDITY reset; a UID only within one.
    providerEventId: messageId ? `${account.id}/${messageId}` : `${account.id}/${place.folder}/${place.uidValidity}/${message.uid}`,
    type: unsubscribeToken
      ? 'email.unsubscribe.requested'
      : kind === 'bounce' ? 'email.bounced' : kind === 'complaint' ? 'email.complained' : 'email.reply.received',
    occurredAt: occurredAt.toISOString(),
    senderAccountId: account.id,
    from: { email: headers.from },
    ...(answers === undefined ? {} : { inReplyTo: answers }),
    raw: {
      folder: place.folder,
      uidValidity: place.uidValidity,
      uid: message.uid,
      messageId: messageId ?? null,
      inReplyTo: headers.get('in-reply-to')[0] ?? null,
      references: headers.get('references')[0] ?? null,
      date: headers.get('date')[0] ?? null,
      size: message.size ?? null,
      ...(failure ? { permanentFailure: failure } : {}),
      ...(unsubscribeToken ? { unsubscribeToken } : {}),
      ...(report ? { report } : {}),
    },
    ...(kind === 'bounce' || kind === 'complaint' ? {} : messageParts(await replyContentOf(headers, await source()))),
  };
}
