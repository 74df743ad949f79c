import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';

/** Puts messages into a Dovecot mailbox the way delivery would: IMAP APPEND, with an arrival time. */
export async function appendMessages(
  server: { host: string; port: number },
  login: { user: string; pass: string },
  folder: string,
  messages: { raw: string; at?: Date }[],
): Promise<void> {
  const client = new ImapFlow({ host: server.host, port: server.port, secure: false, doSTARTTLS: false, auth: login, logger: false });
  await client.connect();
  try {
    if (folder !== 'INBOX') await client.mailboxCreate(folder).catch(() => undefined);
    for (const { raw, at } of messages) await client.append(folder, raw, [], at ?? new Date());
  } finally {
    await client.logout();
  }
}

export interface Original {
  messageId: string;
  subject: string;
  /** Our address (the reply's recipient). */
  ours: string;
  /** The lead's address (the reply's sender). */
  theirs: string;
}

/** A person's reply from a mail client: threaded by In-Reply-To and References. */
export function replyTo(original: Original, extraHeaders: string[] = [], body = 'Sounds good, tell me more.'): string {
  return lines([
    `Return-Path: <${original.theirs}>`,
    `From: Rita <${original.theirs}>`,
    `To: <${original.ours}>`,
    `Subject: Re: ${original.subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${randomUUID()}@mail.example.net>`,
    `In-Reply-To: ${original.messageId}`,
    `References: ${original.messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    ...extraHeaders,
    '',
    body,
  ]);
}

/** An out-of-office answer per RFC 3834, as Exchange and Gmail send it. */
export function autoReplyTo(original: Original, headers = ['Auto-Submitted: auto-replied']): string {
  return replyTo({ ...original, subject: original.subject }, headers, 'I am out of the office until Monday.');
}

/**
 * A delivery status notification (RFC 3464) as Postfix writes it: multipart/report from MAILER-DAEMON with
 * a null return path, the per-recipient status, and the original message's headers.
 */
export function bounceOf(original: Original, status: string, action = status.startsWith('5') ? 'failed' : 'delayed'): string {
  const boundary = `bounce-${randomUUID()}`;
  return lines([
    'Return-Path: <>',
    'From: MAILER-DAEMON@mail.example.net (Mail Delivery System)',
    `To: <${original.ours}>`,
    'Subject: Undelivered Mail Returned to Sender',
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${randomUUID()}@mail.example.net>`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'I\'m sorry to have to inform you that your message could not be delivered to one or more recipients.',
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mail.example.net',
    '',
    `Final-Recipient: rfc822; ${original.theirs}`,
    `Original-Recipient: rfc822; ${original.theirs}`,
    `Action: ${action}`,
    `Status: ${status}`,
    `Diagnostic-Code: smtp; ${status.startsWith('5') ? '550' : '450'} ${status} mailbox problem`,
    '',
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    '',
    `From: <${original.ours}>`,
    `To: <${original.theirs}>`,
    `Subject: ${original.subject}`,
    `Message-ID: ${original.messageId}`,
    '',
    `--${boundary}--`,
    '',
  ]);
}

/**
 * An abuse feedback report (ARF, RFC 5965) as a mailbox provider's feedback loop sends it: the
 * machine-readable part (with Original-Rcpt-To unless `redacted`), then our message as the person received it.
 */
export function complaintOf(original: Original, opts: { redacted?: boolean; feedbackType?: string } = {}): string {
  const boundary = `arf-${randomUUID()}`;
  return lines([
    'Return-Path: <fbl@feedback.example.net>',
    'From: Feedback Loop <fbl@feedback.example.net>',
    `To: <${original.ours}>`,
    'Subject: Abuse report',
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${randomUUID()}@feedback.example.net>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=feedback-report;`,
    `\tboundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is an email abuse report for an email message received from IP 192.0.2.1.',
    '',
    `--${boundary}`,
    'Content-Type: message/feedback-report',
    '',
    `Feedback-Type: ${opts.feedbackType ?? 'abuse'}`,
    'User-Agent: ExampleFBL/1.0',
    'Version: 1',
    `Original-Mail-From: <${original.ours}>`,
    ...(opts.redacted ? [] : [`Original-Rcpt-To: <${original.theirs}>`]),
    'Source-IP: 192.0.2.1',
    '',
    `--${boundary}`,
    'Content-Type: message/rfc822',
    'Content-Disposition: inline',
    '',
    `From: <${original.ours}>`,
    `To: ${opts.redacted ? 'redacted@example.net' : `<${original.theirs}>`}`,
    `Subject: ${original.subject}`,
    `Message-ID: ${original.messageId}`,
    '',
    'Hello, a quick question.',
    '',
    `--${boundary}--`,
    '',
  ]);
}

function lines(parts: string[]): string {
  return parts.join('\r\n');
}
