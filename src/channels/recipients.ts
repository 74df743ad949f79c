import { senderLabel, type SenderAccount } from '../db/senderAccounts';
import { EVM_ADDRESS, InvalidValue, normalizeEmail, normalizeHandle, normalizeXUserId } from '../identity/normalize';
import type { Channel } from '../sequences/model';
import { RecipientUnreachableError } from './errors';

/** A lead's identifiers as the identity graph gives them (absent as undefined or null). */
export interface RecipientFields {
  xUserId?: string | null;
  xHandle?: string | null;
  email?: string | null;
  linkedinUrl?: string | null;
  cryptoAddress?: string | null;
}

/** How each channel names itself in messages. */
export const CHANNEL_LABEL: Record<Channel, string> = { x: 'X', email: 'email', linkedin: 'LinkedIn', xmtp: 'XMTP' };

/** What a channel's adapter addresses, and how it tells that a lead has none it can use. */
interface RecipientRule {
  /** The identifier the adapter uses, or what the lead has instead ("no email address"). */
  check(lead: RecipientFields): { identifier: string } | { has: string };
}

/**
 * The one definition of what each channel needs to reach a lead: the real adapters refuse by it before any
 * provider call, the sandbox refuses exactly the same leads, and enrollment counts members by it. What only
 * the provider can tell (an X handle nobody holds, an address not on XMTP, a LinkedIn URL the gateway
 * rejects, a mailbox that does not exist) is the provider's answer, not a rule here.
 */
const RULES: Record<Channel, RecipientRule> = {
  x: {
    check: ({ xUserId, xHandle }) => {
      // The adapter addresses the user id when the graph knows it, and resolves the handle otherwise.
      if (xUserId) return inStoredForm(normalizeXUserId, xUserId) ? { identifier: xUserId } : { has: 'an X user id that is not all digits' };
      if (!xHandle) return { has: 'neither an X user id nor an X handle' };
      return inStoredForm(normalizeHandle, xHandle) ? { identifier: xHandle } : { has: 'an X handle that X does not allow (1-15 letters, digits or _)' };
    },
  },
  email: {
    check: ({ email }) => {
      if (!email) return { has: 'no email address' };
      return accepted(normalizeEmail, email) ? { identifier: email } : { has: 'an email address that is not valid' };
    },
  },
  linkedin: {
    check: ({ linkedinUrl }) => (linkedinUrl ? { identifier: linkedinUrl } : { has: 'no LinkedIn profile URL' }),
  },
  xmtp: {
    check: ({ cryptoAddress }) => {
      if (!cryptoAddress) return { has: 'no crypto address' };
      return EVM_ADDRESS.test(cryptoAddress)
        ? { identifier: cryptoAddress }
        : { has: 'a crypto address that is not an Ethereum address (0x and 40 hex digits)' };
    },
  },
};

/**
 * What the lead lacks for this channel, as the object of "they have ..." ("no email address"), or
 * undefined when the channel can address them.
 */
export function recipientShortfall(channel: Channel, lead: RecipientFields): string | undefined {
  const checked = RULES[channel].check(lead);
  return 'has' in checked ? checked.has : undefined;
}

/** The identifier the channel addresses the lead by; throws RecipientUnreachableError naming the channel and what is missing. */
export function recipientIdentifier(channel: Channel, lead: RecipientFields, sender: Pick<SenderAccount, 'channel' | 'handle'>): string {
  const checked = RULES[channel].check(lead);
  if ('identifier' in checked) return checked.identifier;
  throw new RecipientUnreachableError(`${senderLabel(sender)}: cannot reach the lead on ${CHANNEL_LABEL[channel]}: they have ${checked.has}`);
}

function accepted(normalize: (raw: string) => string, value: string): boolean {
  try {
    normalize(value);
    return true;
  } catch (error) {
    if (error instanceof InvalidValue) return false;
    throw error;
  }
}

/** Used verbatim in an API path, so it must already be what the identity graph stores. */
function inStoredForm(normalize: (raw: string) => string, value: string): boolean {
  return accepted(normalize, value) && normalize(value) === value;
}
