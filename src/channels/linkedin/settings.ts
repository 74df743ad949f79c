import { z } from 'zod';
import { senderLabel, type SenderAccount } from '../../db/senderAccounts';
import { CONNECTION_NOTE_MAX_CHARS } from '../../sequences/template-rules';
import { SenderAccountError } from '../errors';

const settingsSchema = z.object({
  /** Base URL of the operator's gateway; falls back to the adapter's default. */
  gatewayUrl: z
    .url({ protocol: /^https?$/ })
    .refine((url) => !URL.canParse(url) || (!new URL(url).username && !new URL(url).password), 'must not carry credentials (use credentials_ref apiKey)')
    .optional(),
  /** The gateway's name for this LinkedIn session; the account's handle when absent. */
  gatewayAccount: z.string().min(1).optional(),
  /** Longest note this account may send: 300 on Premium, 200 on a free account. */
  noteLimit: z.number().int().min(1).max(CONNECTION_NOTE_MAX_CHARS).optional(),
});

export interface LinkedInSettings {
  gatewayUrl: string;
  gatewayAccount: string;
  noteLimit: number;
}

/** The account's settings with defaults applied; a SenderAccountError naming the field when one is bad. */
export function linkedInSettings(sender: SenderAccount, defaultGatewayUrl: string | undefined): LinkedInSettings {
  const parsed = settingsSchema.safeParse(sender.settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'settings';
    throw new SenderAccountError(`${senderLabel(sender)}: settings.${field} ${issue?.message ?? 'is invalid'}`);
  }
  const gatewayUrl = parsed.data.gatewayUrl ?? defaultGatewayUrl;
  if (!gatewayUrl) {
    throw new SenderAccountError(`${senderLabel(sender)}: settings.gatewayUrl is missing and the adapter has no default`);
  }
  return {
    gatewayUrl: gatewayUrl.replace(/\/+$/, ''),
    gatewayAccount: parsed.data.gatewayAccount ?? sender.handle,
    noteLimit: parsed.data.noteLimit ?? CONNECTION_NOTE_MAX_CHARS,
  };
}

