import { z } from 'zod';
import { SECRET_REFERENCE } from '../channels/secret-reference';
import { CHANNELS } from '../sequences/model';
import { LITERAL_SECRET } from './secrets';
import { MAX_HANDLE_CHARS, MAX_PROVIDER_CHARS, MAX_SETTINGS_BYTES, SETTINGS_TOO_LARGE } from './limits';

const cap = z.number().int('must be a whole number').min(1, 'must be at least 1').optional();

/** One account as the senders file writes it (snake_case caps, as in the table). */
export const accountSchema = z.strictObject({
  channel: z.enum(CHANNELS),
  provider: z.string().min(1).max(MAX_PROVIDER_CHARS),
  handle: z.string().trim().min(1).max(MAX_HANDLE_CHARS),
  hourly_cap: cap,
  daily_cap: cap,
  credentials: z.record(z.string().min(1), z.string().regex(SECRET_REFERENCE, LITERAL_SECRET)).default({}),
  settings: z
    .record(z.string(), z.unknown())
    .refine((s) => Buffer.byteLength(JSON.stringify(s)) <= MAX_SETTINGS_BYTES, SETTINGS_TOO_LARGE)
    .default({}),
});
