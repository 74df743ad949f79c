import { inboundKind, type InboundHeaders } from '../channels/email/classify';
import type { Channel } from '../sequences/model';
import { outOfOffice } from './out-of-office';
import { optOutPhrase } from './opt-out';
import { authored } from './quoted';
import { rulesSentiment, type ReplySentimentClassifier, type Sentiment } from './sentiment';

/** Longer text is cut to this many characters before anything reads it; a person's reply is far shorter. */
export const MAX_REPLY_CHARS = 100_000;
const MAX_SUBJECT_CHARS = 1_000;

/** One inbound message on any channel, as the classifier reads it. */
export interface ReplyInput {
  channel: Channel;
  /** The plain text body, quoted history included: it is cut here. */
  text: string;
  subject?: string;
  /** Email only (X, LinkedIn and XMTP messages carry none): see parseHeaders and headersFromFields. */
  headers?: InboundHeaders;
  receivedAt: Date;
  /** IANA zone the return date of an out-of-office note is read in; default UTC. */
  timeZone?: string;
}

/** What a reply means. Only `human` is a reply from the person; `opt_out` suppresses them. */
export type ReplyClass =
  | { kind: 'bounce' }
  | { kind: 'automatic' }
  /** `returnAt`: ISO instant the return day starts in the time zone, when the note gives one. */
  | { kind: 'out_of_office'; returnAt?: string }
  /** `phrase`: the words of the reply that asked to stop (folded). */
  | { kind: 'opt_out'; phrase: string }
  | { kind: 'human'; sentiment: Sentiment };

export interface ClassifyOptions {
  /** Another sentiment classifier than the local rules (rulesSentiment). */
  sentiment?: ReplySentimentClassifier;
}

/**
 * The layers, in order: headers (bounce, automatic answer); out-of-office text (with its return date);
 * opt-out phrases; otherwise a human reply with a sentiment. Quoted text is cut first, so our own footer's
 * "unsubscribe" never counts; signatures too, except for opt-outs, which also read a P.S. after a sign-off.
 * An out-of-office note that no header marks as automatic and that also asks to stop is an opt-out: a
 * person wrote it. A header-marked automatic answer is never an opt-out.
 */
export async function classifyReply(input: ReplyInput, options: ClassifyOptions = {}): Promise<ReplyClass> {
  const text = input.text.slice(0, MAX_REPLY_CHARS);
  const subject = (input.subject ?? input.headers?.subject ?? '').slice(0, MAX_SUBJECT_CHARS);
  const headerKind = input.headers ? inboundKind(input.headers) : 'reply';
  if (headerKind === 'bounce') return { kind: 'bounce' };
  const own = authored(text);
  const away = outOfOffice(`${subject}\n${own.text}`, input.receivedAt, input.timeZone ?? 'UTC');
  if (headerKind === 'automatic') return away ? { kind: 'out_of_office', ...away } : { kind: 'automatic' };
  const phrase = optOutPhrase(own.withPostscript);
  if (phrase !== undefined) return { kind: 'opt_out', phrase };
  if (away) return { kind: 'out_of_office', ...away };
  const classifier = options.sentiment ?? rulesSentiment;
  const sentiment = await classifier.classify(own.text, { channel: input.channel, ...(input.subject === undefined ? {} : { subject: input.subject }), original: text });
  return { kind: 'human', sentiment };
}
