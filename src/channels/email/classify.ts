/** What an inbound message that refers to one of our messages is. */
export type InboundKind = 'reply' | 'automatic' | 'bounce' | 'complaint';

/** The headers of one inbound message: names lower-case, values unfolded, in order. */
export interface InboundHeaders {
  get(name: string): string[];
  /** The decoded subject. */
  subject: string;
  /** The sender's address, lower-case. */
  from: string;
}

/** The header fields inboundKind reads, besides the subject: what an event or a check hands the reply classifier. */
export const REPLY_HEADER_FIELDS = ['from', 'content-type', 'return-path', 'auto-submitted', 'x-autoreply', 'x-autorespond', 'precedence', 'list-id'] as const;

const BOUNCE_SENDERS = /^(mailer-daemon|postmaster)@/i;
const AUTOMATIC_PRECEDENCE = /^(auto_reply|bulk|junk|list)$/i;
/** Only when no header says so: out-of-office tools that set none of them still write subjects like these. */
const AUTOMATIC_SUBJECT =
  /^(auto(matic)?[ -]?(reply|response|antwort)|out of (the )?office|abwesend|abwesenheit|automatische antwort|r[ée]ponse automatique|respuesta autom[aá]tica|resposta autom[aá]tica|abwesenheitsnotiz|absence|vacation|on leave)\b/i;

/**
 * Bounces (delivery status notifications, or the mailer daemon writing from a null return path), complaints
 * (abuse feedback reports, RFC 5965) and
 * automatic answers (RFC 3834 Auto-Submitted, the vendor X-Autoreply/X-Autorespond headers, bulk or list
 * precedence, mailing-list headers, out-of-office subjects) are not replies from the person.
 */
export function inboundKind(headers: InboundHeaders): InboundKind {
  const first = (name: string) => headers.get(name)[0]?.trim() ?? '';
  const contentType = first('content-type').toLowerCase();
  const nullReturnPath = headers.get('return-path').some((v) => v.replace(/\s/g, '') === '<>');
  if (contentType.startsWith('multipart/report') && /report-type="?delivery-status/.test(contentType)) return 'bounce';
  if (contentType.startsWith('multipart/report') && /report-type="?feedback-report/.test(contentType)) return 'complaint';
  if (BOUNCE_SENDERS.test(headers.from) && (nullReturnPath || headers.get('return-path').length === 0)) return 'bounce';
  const autoSubmitted = first('auto-submitted').toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return 'automatic';
  if (headers.get('x-autoreply').length > 0 || headers.get('x-autorespond').length > 0) return 'automatic';
  if (AUTOMATIC_PRECEDENCE.test(first('precedence'))) return 'automatic';
  if (headers.get('list-id').length > 0 || nullReturnPath) return 'automatic';
  if (AUTOMATIC_SUBJECT.test(headers.subject.trim())) return 'automatic';
  return 'reply';
}

/**
 * The permanent failure a bounce reports about the recipient's mailbox, if it reports one: a DSN
 * (RFC 3464) `Action: failed` with a 5.x.x `Status`, or a bare 5.x.x in a non-standard bounce.
 * 5.7.x (policy, spam) and mailbox-full / too-big (5.2.2, 5.3.4) say nothing about whether the mailbox
 * exists, so they do not stop the journey.
 */
export function permanentFailure(bounceText: string): string | undefined {
  const dsnStatus = [...bounceText.matchAll(/^Status:\s*(\d\.\d{1,3}\.\d{1,3})/gim)].map((m) => m[1] as string);
  const failedAction = /^Action:\s*failed/im.test(bounceText);
  const statuses = dsnStatus.length > 0 ? (failedAction ? dsnStatus : []) : [...bounceText.matchAll(/\b(5\.\d{1,3}\.\d{1,3})\b/g)].map((m) => m[1] as string);
  return statuses.find((s) => s.startsWith('5.') && !s.startsWith('5.7.') && s !== '5.2.2' && s !== '5.3.4');
}
