import type { InboundReply, ReadReply } from './types';

/** The first of the answers (oldest first) that the reader takes as a reply, with whether it is positive. */
export async function firstReply<T>(answers: readonly T[], read: ReadReply, content: (answer: T) => InboundReply | undefined): Promise<{ answer: T; positive: boolean } | undefined> {
  for (const answer of answers) {
    const reply = content(answer);
    if (reply === undefined) continue;
    const verdict = await read(reply);
    if (verdict.reply) return { answer, positive: verdict.positive };
  }
  return undefined;
}
