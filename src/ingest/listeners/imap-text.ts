import { simpleParser } from 'mailparser';
import type { InboundHeaders } from '../../channels/email/classify';
import { messageParts, REPLY_HEADER_FIELDS, type ProviderEvent } from '../provider-event';

/**
 * What the reply classifier reads of an email (docs/replies.md): the plain text (mailparser's, made from the
 * HTML part when there is no plain one), the subject and the header fields that tell a person from a
 * machine. `source` is the start of the raw message, bytes as latin1: a cut-off end loses only quoted history.
 */
export async function replyPartsOf(headers: InboundHeaders, source: string): Promise<Pick<ProviderEvent, 'text' | 'subject' | 'headers'>> {
  const parsed = await simpleParser(Buffer.from(source, 'latin1'), { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const fields: Record<string, string | undefined> = {};
  for (const name of REPLY_HEADER_FIELDS) fields[name] = headers.get(name)[0];
  fields.from = headers.from;
  return messageParts({ text: parsed.text ?? '', subject: headers.subject, headers: fields });
}
