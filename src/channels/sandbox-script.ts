import ms from 'ms';
import { z } from 'zod';
import { ACTIONS } from '../sequences/model';

const duration = z.string().refine((text) => {
  const value = ms(text as ms.StringValue);
  return typeof value === 'number' && value >= 0;
}, 'must be a duration such as 30m, 6h or 2d');

const failure = z.strictObject({
  /** Fail this many attempts with a transient error, then succeed. */
  transient: z.number().int().positive().optional(),
  /** Fail permanently with this reason. */
  permanent: z.string().min(1).optional(),
  /** Answer "rate limited, retry after this long" on the first attempt. */
  rateLimitedFor: duration.optional(),
  /** Refuse the sender account itself (a revoked token) with this reason, once per send. */
  senderRefused: z.string().min(1).optional(),
});

/**
 * How the sandbox plays a lead. Delays count from the send being answered (for replies to notes and
 * follow-backs) or from the journey's earliest message that a check covers (for replies).
 */
export const sandboxScriptSchema = z.strictObject({
  followsBackAfter: duration.optional(),
  acceptsAfter: duration.optional(),
  repliesToNoteAfter: duration.optional(),
  repliesAfter: duration.optional(),
  /** Which channels the lead replies on; all when absent. */
  repliesOn: z.array(z.enum(['x', 'email', 'linkedin', 'xmtp'])).optional(),
  replySentiment: z.enum(['positive', 'negative', 'neutral']).optional(),
  /** What the reply says: read by the reply classifier as a real reply would be (replySentiment is then unused). */
  replyText: z.string().max(10_000).optional(),
  /** When the lead reads the message being answered (reported, not branched on). */
  readsAfter: duration.optional(),
  failures: z.partialRecord(z.enum(ACTIONS), failure).optional(),
});

export type SandboxScript = z.infer<typeof sandboxScriptSchema>;

export function parseSandboxScript(value: unknown, personId: string): SandboxScript {
  if (value === undefined || value === null) return {};
  const parsed = sandboxScriptSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(script)'}: ${i.message}`);
  throw new Error(`sandbox script of person ${personId} is invalid: ${problems.join('; ')}`);
}

export function delayMs(text: string): number {
  return ms(text as ms.StringValue);
}
