import { createHash } from 'node:crypto';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { senderLabel, type SenderAccount } from '../../db/senderAccounts';
import { RecipientUnreachableError, SenderAccountError } from '../errors';
import { domainOf, type EmailSettings, type Login } from './settings';

/** Socket waits well inside the send activity's 2-minute start-to-close timeout. */
const TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 };

/**
 * One transport per account, rebuilt when its settings or credentials change (a rotated password is picked
 * up on the next send). Not pooled: an account sends a few messages an hour under its caps, so a pooled
 * connection would mostly sit idle until the server drops it, and the send after that would fail on a dead
 * socket; a connection per message costs one handshake and ties each failure to its own message.
 */
export class SmtpTransports {
  private readonly byAccount = new Map<string, { fingerprint: string; transport: Transporter }>();

  transportFor(account: SenderAccount, settings: EmailSettings, login: Login): Transporter {
    const { smtp } = settings;
    const fingerprint = createHash('sha256').update(JSON.stringify([smtp, settings.address, login])).digest('hex');
    const cached = this.byAccount.get(account.id);
    if (cached?.fingerprint === fingerprint) return cached.transport;
    cached?.transport.close();
    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      requireTLS: !smtp.secure && smtp.requireTLS,
      ignoreTLS: !smtp.secure && !smtp.requireTLS,
      name: domainOf(settings.address),
      auth: { user: login.user, pass: login.pass },
      ...TIMEOUTS,
      logger: false,
    });
    this.byAccount.set(account.id, { fingerprint, transport });
    return transport;
  }

  close(): void {
    for (const { transport } of this.byAccount.values()) transport.close();
    this.byAccount.clear();
  }
}

export async function sendMail(transport: Transporter, account: SenderAccount, mail: SendMailOptions): Promise<void> {
  try {
    await transport.sendMail(mail);
  } catch (error) {
    throw smtpFailure(error, account);
  }
}

interface SmtpError {
  code?: string;
  command?: string;
  response?: string;
  responseCode?: number;
  rejectedErrors?: SmtpError[];
}

/**
 * Maps what the SMTP server said onto the failure classes. The message names the account, the command,
 * the reply code and the enhanced status code, never the server's text, which often quotes the address.
 */
function smtpFailure(error: unknown, account: SenderAccount): Error {
  const e = (error ?? {}) as SmtpError;
  const rejected = e.rejectedErrors?.[0] ?? e;
  const code = rejected.responseCode ?? e.responseCode;
  const command = rejected.command ?? e.command ?? '';
  const status = enhancedStatus(rejected.response ?? e.response);
  const said = `SMTP ${[command, code, status].filter(Boolean).join(' ')}`.trim();
  const label = senderLabel(account);
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
    if (code !== undefined && code < 500) return new Error(`${label}: authentication failed for now (${said})`);
    return new SenderAccountError(`${label}: the SMTP server refused our login (${said})`);
  }
  if (e.code === 'ETLS' || e.code === 'EREQUIRETLS') {
    return new SenderAccountError(`${label}: no TLS with the SMTP server (${e.code}); check settings.smtp`);
  }
  if (code !== undefined && code >= 500 && code !== 503) {
    if (/^(530|534|535)$/.test(String(code))) return new SenderAccountError(`${label}: the SMTP server wants another login (${said})`);
    if (/^MAIL\b/i.test(command)) return new SenderAccountError(`${label}: the SMTP server refused us as sender (${said})`);
    return new RecipientUnreachableError(`${label}: the recipient's server refused the message for good (${said})`);
  }
  const cause = e.code ?? 'error';
  return new Error(`${label}: sending failed, will retry (${code === undefined ? cause : said})`);
}

function enhancedStatus(response: string | undefined): string | undefined {
  return response?.match(/\b[245]\.\d{1,3}\.\d{1,3}\b/)?.[0];
}
