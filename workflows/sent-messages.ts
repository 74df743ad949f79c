import type { SentMessage } from './contract';

/** Enough of a journey's messages to thread replies; older ones are let go to keep the state small. */
export const SENT_KEPT = 50;

/**
 * Adds a message to those the journey remembers. The first one stays whatever is trimmed: CHECK_FOR_REPLY
 * looks for replies to anything sent since the journey's first message.
 */
export function rememberSent(sent: SentMessage[], message: SentMessage): void {
  sent.push(message);
  if (sent.length > SENT_KEPT) sent.splice(1, 1);
}
