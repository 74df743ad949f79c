import type { InboundHeaders } from '../channels/email/classify';
import type { Channel } from '../sequences/model';
import type { ReplyInput } from './classify';

/**
 * Header fields given as a plain object (a webhook's `headers`, a test's fixture) as InboundHeaders: names
 * matched without case, `from` the address inside the From field, lower-case.
 */
export function headersFromFields(fields: Record<string, string>, subject?: string): InboundHeaders {
  const byName = new Map<string, string[]>();
  for (const [name, value] of Object.entries(fields)) byName.set(name.toLowerCase(), [...(byName.get(name.toLowerCase()) ?? []), value]);
  const from = byName.get('from')?.[0] ?? '';
  const address = from.includes('<') ? from.slice(from.lastIndexOf('<') + 1, from.indexOf('>', from.lastIndexOf('<'))) : from;
  return {
    get: (name) => byName.get(name.toLowerCase()) ?? [],
    subject: subject ?? byName.get('subject')?.[0] ?? '',
    from: address.trim().toLowerCase(),
  };
}

/** The classifier's input for a message as a source hands it over: its text, subject and header fields. */
export function replyInputOf(channel: Channel, message: { text: string; subject?: string; headers?: Record<string, string>; at: Date }): ReplyInput {
  return {
    channel,
    text: message.text,
    ...(message.subject === undefined ? {} : { subject: message.subject }),
    ...(message.headers === undefined ? {} : { headers: headersFromFields(message.headers, message.subject) }),
    receivedAt: message.at,
  };
}
