import { z } from 'zod';
import { senderLabel, type SenderAccount } from '../../db/senderAccounts';
import { requireCredential, type Credentials } from '../credentials';
import { SenderAccountError } from '../errors';

/**
 * `secure` is TLS from the first byte (ports 465 / 993). Without it, `requireTLS` (default true) makes the
 * connection upgrade with STARTTLS or fail, so a password never crosses the wire in clear text; only a
 * loopback test server turns both off.
 */
const serverSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535),
  secure: z.boolean(),
  requireTLS: z.boolean().default(true),
});

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

const settingsSchema = z.object({
  /** The mailbox we send from: `From`, the SMTP envelope sender and the domain of our Message-IDs. */
  address: z.email(),
  fromName: z.string().min(1).optional(),
  /** Subject for a first email whose template has none, and the base of a follow-up's "Re: ...". */
  defaultSubject: z.string().min(1).optional(),
  smtp: serverSchema,
  /** Without it replies and bounces are never seen, and a retried send cannot be recognised. */
  imap: serverSchema
    .extend({
      /** Where replies and bounces arrive. */
      folders: z.array(z.string().min(1)).min(1).default(['INBOX']),
      /** Where the provider keeps a copy of what we sent (Gmail does; plain SMTP servers do not). */
      sentFolder: z.string().min(1).optional(),
    })
    .optional(),
  unsubscribe: z
    .object({
      /**
       * The ingest service's `/unsubscribe`; RFC 8058 one-click unsubscribe is POSTed to it, and the token is added
       * as `?token=`. https only, but for a loopback host (a local test or a development stack).
       */
      url: z
        .url({ protocol: /^https?$/ })
        .refine((url) => url.startsWith('https:') || isLoopback(new URL(url).hostname), 'must be https (http only for a loopback host)')
        .optional(),
      /** A mailbox that unsubscribes whoever writes to it; the token goes into the subject. */
      mailto: z.email().optional(),
    })
    .optional(),
});

export type EmailSettings = z.infer<typeof settingsSchema>;
export type ImapSettings = NonNullable<EmailSettings['imap']>;

export function emailSettings(account: SenderAccount): EmailSettings {
  const parsed = settingsSchema.safeParse(account.settings);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'settings';
  throw new SenderAccountError(`${senderLabel(account)}: settings.${field} ${issue?.message ?? 'is invalid'}`);
}

/** The credential names an email account may use; `user`/`password` serve both servers when the specific ones are absent. */
export const EMAIL_CREDENTIALS = {
  smtp: ['smtpUser', 'smtpPass'],
  imap: ['imapUser', 'imapPass'],
  shared: ['user', 'password'],
  unsubscribe: 'unsubscribeSecret',
} as const;

export interface Login {
  user: string;
  pass: string;
}

export function loginFor(server: 'smtp' | 'imap', credentials: Credentials, account: SenderAccount): Login {
  const [userName, passName] = server === 'smtp' ? EMAIL_CREDENTIALS.smtp : EMAIL_CREDENTIALS.imap;
  const [sharedUser, sharedPass] = EMAIL_CREDENTIALS.shared;
  const pick = (own: string, shared: string) => requireCredential(credentials, account, own in account.credentialsRef ? own : shared);
  return { user: pick(userName, sharedUser), pass: pick(passName, sharedPass) };
}


export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
