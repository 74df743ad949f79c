import { simpleParser } from 'mailparser';
import { REPLY_HEADER_FIELDS, type InboundHeaders } from './classify';

/** A reply's own words come first, and bounces quote the original near the top: the start of a message is enough. */
export const SOURCE_BYTES = 128 * 1024;

/**
 * What the reply classifier reads of an email (docs/replies.md): the plain text (mailparser's, made from the
 * HTML part when there is no plain one), the subject and the header fields that tell a person from a
 * machine. `source` is the start of the raw message, bytes as latin1: a cut-off end loses only quoted history.
 */
export async function replyContentOf(headers: InboundHeaders, source: string): Promise<{ text: string; subject: string; headers: Record<string, string> }> {
  const parsed = await simpleParser(Buffer.from(source, 'latin1'), { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const fields: Record<string, string> = {};
  for (const name of REPLY_HEADER_FIELDS) {
    const value = headers.get(name)[0];
    if (value !== undefined) fields[name] = value;
  }
  if (headers.from) fields.from = headers.from;
  return { text: parsed.text ?? '', subject: headers.subject, headers: fields };
}
