import { InvalidValue, normalizeEmail } from '../../identity/normalize';

/** What a bounce or a complaint says about the one recipient of ours it concerns. */
export interface MailReport {
  /** hard: the address does not take mail (suppress now); soft: not now (counted); complaint: marked as spam. */
  kind: 'hard' | 'soft' | 'complaint';
  /** The enhanced status code (`5.1.1`, RFC 3463), or the feedback type (`abuse`, RFC 5965). */
  status: string;
  /** The address it names, normalised; absent when it names none (ISPs often redact complaint reports). */
  recipient?: string;
}

const STATUS = /^\d\.\d{1,3}\.\d{1,3}$/;
/**
 * Permanent failures that say nothing about whether the mailbox exists (full, message too big, a policy or
 * spam refusal of us): counted as soft, so they suppress only when they repeat.
 */
const NOT_ABOUT_THE_MAILBOX = /^5\.(2\.2|3\.4|7\.\d{1,3})$/;

function field(block: string, name: string): string | undefined {
  return new RegExp(`^${name}:[ \\t]*(.+)$`, 'im').exec(block)?.[1]?.trim();
}

/** `rfc822; <ada@example.com>` (RFC 3464 address-type; address), or a bare address. */
function address(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const bare = (value.includes(';') ? value.slice(value.indexOf(';') + 1) : value).trim().replace(/^<|>$/g, '');
  try {
    return normalizeEmail(bare);
  } catch (error) {
    if (error instanceof InvalidValue) return undefined;
    throw error;
  }
}

function bounceKind(status: string): MailReport['kind'] {
  return status.startsWith('5.') && !NOT_ABOUT_THE_MAILBOX.test(status) ? 'hard' : 'soft';
}

/**
 * A delivery status notification (RFC 3464): the first per-recipient block with `Action: failed` or
 * `delayed` and a 4.x.x/5.x.x `Status`, its recipient from Original-Recipient (what we addressed) else
 * Final-Recipient. A bounce without DSN fields: a bare status code in its text, the recipient from
 * Exim's X-Failed-Recipients. Undefined when it reports no failure (`delivered`, `relayed`, no code).
 */
export function deliveryReport(text: string): MailReport | undefined {
  const blocks = text.split(/\r?\n[ \t]*\r?\n/).filter((b) => /^Status:/im.test(b) && /^Action:/im.test(b));
  if (blocks.length > 0) {
    for (const block of blocks) {
      const action = field(block, 'Action')?.toLowerCase() ?? '';
      const status = field(block, 'Status')?.split(/\s/)[0] ?? '';
      if (!/^(failed|delayed)\b/.test(action) || !STATUS.test(status) || !/^[45]\./.test(status)) continue;
      const recipient = address(field(block, 'Original-Recipient')) ?? address(field(block, 'Final-Recipient'));
      return { kind: bounceKind(status), status, ...(recipient ? { recipient } : {}) };
    }
    return undefined;
  }
  // In the body only, and never part of a longer dotted number (an IP address in a Received line).
  const body = text.slice(Math.max(0, text.search(/\r?\n\r?\n/)));
  const status = /(?<![\d.])5\.\d{1,3}\.\d{1,3}(?![\d.])/.exec(body)?.[0] ?? /(?<![\d.])4\.\d{1,3}\.\d{1,3}(?![\d.])/.exec(body)?.[0];
  if (status === undefined) return undefined;
  const recipient = address(field(text, 'X-Failed-Recipients')?.split(',')[0]);
  return { kind: bounceKind(status), status, ...(recipient ? { recipient } : {}) };
}

const FEEDBACK_TYPES = /^(abuse|fraud|virus|other|not-spam)$/;

/**
 * An abuse feedback report (ARF, RFC 5965): its Feedback-Type and the recipient from Original-Rcpt-To when
 * the ISP left it in. `not-spam` (the person took the mark back) is no complaint: undefined.
 */
export function feedbackReport(text: string): MailReport | undefined {
  const type = field(text, 'Feedback-Type')?.toLowerCase();
  const status = type !== undefined && FEEDBACK_TYPES.test(type) ? type : 'abuse';
  if (status === 'not-spam') return undefined;
  const recipient = address(field(text, 'Original-Rcpt-To'));
  return { kind: 'complaint', status, ...(recipient ? { recipient } : {}) };
}
