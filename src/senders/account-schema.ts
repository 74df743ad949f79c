import ms from 'ms';
import { z } from 'zod';
import { SECRET_REFERENCE } from '../channels/secret-reference';
import { CHANNELS } from '../sequences/model';
import { LITERAL_SECRET } from './secrets';
import { MAX_BURST, MAX_MIN_INTERVAL_MS } from './pacing';
import { MAX_HANDLE_CHARS, MAX_PROVIDER_CHARS, MAX_SETTINGS_BYTES, SETTINGS_TOO_LARGE } from './limits';

/** `90s`, `3m`, `0s`: anything `ms` reads, with a unit, from none to a day. */
const interval = z
  .string()
  .max(40)
  .transform((text, ctx) => {
    const value = /[a-z]\s*$/i.test(text) ? (ms(text as ms.StringValue) as number | undefined) : undefined;
    if (value === undefined || !Number.isInteger(value) || value < 0 || value > MAX_MIN_INTERVAL_MS) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} is not a duration from 0s to 24h (write a number and a unit: 90s, 3m)` });
      return z.NEVER;
    }
    return value;
  });

const pacing = z.strictObject({
  min_interval: interval.optional(),
  burst: z.number().int('must be a whole number').min(1, 'must be at least 1').max(MAX_BURST, `must be at most ${MAX_BURST}`).optional(),
});

const cap = z.number().int('must be a whole number').min(1, 'must be at least 1').optional();

/** One account as the senders file writes it (snake_case caps, as in the table). */
export const accountSchema = z.strictObject({
  channel: z.enum(CHANNELS),
  provider: z.string().min(1).max(MAX_PROVIDER_CHARS),
  handle: z.string().trim().min(1).max(MAX_HANDLE_CHARS),
  hourly_cap: cap,
  daily_cap: cap,
  pacing: pacing.optional(),
  webhooks: z.boolean().default(false),
  credentials: z.record(z.string().min(1), z.string().regex(SECRET_REFERENCE, LITERAL_SECRET)).default({}),
  settings: z
    .record(z.string(), z.unknown())
    .refine((s) => Buffer.byteLength(JSON.stringify(s)) <= MAX_SETTINGS_BYTES, SETTINGS_TOO_LARGE)
    .default({}),
});
