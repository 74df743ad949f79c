import { createHash } from 'node:crypto';

/**
 * The Message-ID of one send, the same on every retry: a hash of the idempotency key (journey, node,
 * visit), so a retry can be recognised in the Sent folder and the id says nothing about the journey.
 */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<${digest}.outreach@${domain}>`;
}

/** The Message-IDs of ours (messageIdFor's, on this domain) that a header value or a text names, in order. */
export function ourMessageIdsIn(text: string, domain: string): string[] {
  const pattern = new RegExp(`<[0-9a-f]{32}\\.outreach@${domain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}>`, 'gi');
  return [...text.matchAll(pattern)].map((m) => m[0]);
}

/** Follow-ups thread under every earlier message of the journey: the last is the parent (RFC 5322 3.6.4). */
export function threadingHeaders(earlierIds: string[]): Record<string, string> {
  const parent = earlierIds[earlierIds.length - 1];
  if (parent === undefined) return {};
  return { 'In-Reply-To': parent, References: earlierIds.join(' ') };
}

export function replySubject(subject: string): string {
  return /^re:/i.test(subject.trim()) ? subject : `Re: ${subject}`;
}

/** The HTML alternative of a plain-text body: escaped, blank lines make paragraphs, single newlines breaks. */
export function htmlFromText(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>\n')}</p>`);
  return `<!doctype html>\n<html><body>\n${paragraphs.join('\n')}\n</body></html>\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
