import { senderLabel, type SenderAccount } from '../../db/senderAccounts';
import type { CredentialSource, Credentials } from '../credentials';
import { InvalidMessageError, RecipientUnreachableError } from '../errors';
import { recipientIdentifier } from '../recipients';
import type { CheckRequest, EmailChannel, MessageRequest, ObservedOutcome, SendResult } from '../types';
import { withImap } from './imap';
import { htmlFromText, messageIdFor, replySubject, threadingHeaders } from './message';
import { findAnswers, hasMessage } from './replies';
import { domainOf, emailSettings, loginFor, type EmailSettings } from './settings';
import { SmtpTransports, sendMail } from './smtp';
import { unsubscribeHeaders } from './unsubscribe';

export const EMAIL_PROVIDER = 'smtp-imap';

export interface EmailAdapterDeps {
  credentials: CredentialSource;
  /** The clock of the Date header. */
  now?: () => Date;
}

export interface EmailAdapter extends EmailChannel {
  /** Closes the cached SMTP transports (a worker shutting down). */
  close(): void;
}

/**
 * Email over the sender account's own mailbox: SMTP to send, IMAP to see replies and bounces. Settings and
 * credentials are described in docs/channels/email.md.
 */
export function createEmailAdapter(deps: EmailAdapterDeps): EmailAdapter {
  const now = deps.now ?? (() => new Date());
  const transports = new SmtpTransports();

  async function sendEmail(request: MessageRequest): Promise<SendResult> {
    const { sender, lead } = request;
    const settings = emailSettings(sender);
    const to = recipientIdentifier('email', lead, sender);
    const credentials = await deps.credentials.credentialsFor(sender);
    const messageId = messageIdFor(request.idempotencyKey, domainOf(settings.address));
    const sent = { providerId: messageId, sentAt: request.at };
    if (request.attempt > 1 && (await inSentFolder(sender, settings, credentials, messageId))) return sent;

    const transport = transports.transportFor(sender, settings, loginFor('smtp', credentials, sender));
    await sendMail(transport, sender, {
      from: { name: settings.fromName ?? '', address: settings.address },
      to,
      subject: await subjectOf(request, settings, credentials),
      text: request.message.body,
      html: htmlFromText(request.message.body),
      messageId,
      date: now(),
      headers: {
        ...threadingHeaders(request.earlierProviderIds.filter(isMessageId)),
        ...(settings.unsubscribe ? unsubscribeHeaders(settings.unsubscribe, tokenOf(request)) : {}),
      },
    });
    return sent;
  }

  async function checkReplied(request: CheckRequest): Promise<ObservedOutcome | undefined> {
    const { sender } = request;
    const settings = emailSettings(sender);
    const ours = request.providerIds.filter(isMessageId);
    if (!settings.imap || ours.length === 0) return undefined;
    const imap = settings.imap;
    const credentials = await deps.credentials.credentialsFor(sender);
    const answers = await withImap(sender, imap, loginFor('imap', credentials, sender), (client) =>
      findAnswers(client, imap.folders, ours, request.since),
    );
    const reply = answers.find((a) => a.kind === 'reply');
    if (reply) return { observation: 'replied', at: reply.at, providerId: reply.id };
    const bounce = answers.find((a) => a.kind === 'bounce' && a.permanentFailure);
    if (bounce) {
      throw new RecipientUnreachableError(`${senderLabel(sender)}: the recipient's mailbox does not exist (bounce ${bounce.permanentFailure})`);
    }
    return undefined;
  }

  /** Whether an earlier attempt of this send reached the provider: its copy is in the Sent folder. */
  async function inSentFolder(sender: SenderAccount, settings: EmailSettings, credentials: Credentials, messageId: string): Promise<boolean> {
    const { imap } = settings;
    if (!imap?.sentFolder) return false;
    const sentFolder = imap.sentFolder;
    const found = await withImap(sender, imap, loginFor('imap', credentials, sender), (client) => hasMessage(client, sentFolder, messageId));
    return found !== undefined;
  }

  /**
   * The template's subject; else, for a follow-up, "Re: " and the first message's subject (read from the
   * Sent folder) or the default subject; else the default subject.
   */
  async function subjectOf(request: MessageRequest, settings: EmailSettings, credentials: Credentials): Promise<string> {
    const own = request.message.subject?.trim();
    if (own) return own;
    const first = request.earlierProviderIds.find(isMessageId);
    const { imap } = settings;
    if (first !== undefined && imap?.sentFolder) {
      const sentFolder = imap.sentFolder;
      const found = await withImap(request.sender, imap, loginFor('imap', credentials, request.sender), (client) =>
        hasMessage(client, sentFolder, first),
      );
      if (found?.subject) return replySubject(found.subject);
    }
    if (settings.defaultSubject) return first === undefined ? settings.defaultSubject : replySubject(settings.defaultSubject);
    throw new InvalidMessageError(`${senderLabel(request.sender)}: this email has no subject; give its template one or set settings.defaultSubject`);
  }

  return { channel: 'email', provider: EMAIL_PROVIDER, sendEmail, checkReplied, close: () => transports.close() };
}

/** The send names its unsubscribe token (activities/send.ts); an account with a link and a send without one is a bug. */
function tokenOf(request: MessageRequest): string {
  if (!request.unsubscribeToken) throw new Error(`${senderLabel(request.sender)} has settings.unsubscribe, but the send carries no unsubscribe token`);
  return request.unsubscribeToken;
}

function isMessageId(id: string): boolean {
  return /^<[^<>\s]+@[^<>\s]+>$/.test(id);
}
