import type { Knex } from 'knex';
import { findIdentifiers } from '../db/graph-lookup';
import {
  EVM_ADDRESS,
  EVM_CHAINS,
  normalizeEmail,
  normalizeHandle,
  normalizeLinkedinUrl,
  normalizeXUserId,
} from './normalize';

/** How to find the person an event is about, through the identity graph: any one identifier is enough. */
export interface PersonRef {
  email?: string;
  xUserId?: string;
  xHandle?: string;
  linkedinUrl?: string;
  walletAddress?: string;
}

/** The value normalised as the graph stores it, or undefined when it cannot be an identifier of that kind. */
function normalised(raw: string | undefined, normalize: (raw: string) => string): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    return normalize(raw);
  } catch {
    return undefined;
  }
}

/**
 * The live person an event is about, through the identity graph: by X user id, then X handle, email, LinkedIn
 * URL, wallet address (an EVM address on any EVM chain); null when the graph knows none of them.
 */
export async function resolvePerson(db: Knex, ref: PersonRef): Promise<string | null> {
  const xUserId = normalised(ref.xUserId, normalizeXUserId);
  const handle = normalised(ref.xHandle, normalizeHandle);
  const email = normalised(ref.email, normalizeEmail);
  const linkedinUrl = normalised(ref.linkedinUrl, normalizeLinkedinUrl);
  const wallet = ref.walletAddress?.trim();
  const address = wallet && EVM_ADDRESS.test(wallet) ? wallet.toLowerCase() : undefined;
  if (!xUserId && !handle && !email && !linkedinUrl && !address) return null;

  const found = await db.transaction((trx) =>
    findIdentifiers(trx, {
      xUserIds: xUserId ? [xUserId] : [],
      handles: handle ? [handle] : [],
      emails: email ? [email] : [],
      crypto: address ? EVM_CHAINS.map((chain) => ({ chain, address })) : [],
      linkedinUrls: linkedinUrl ? [linkedinUrl] : [],
    }),
  );
  const pick =
    found.find((f) => f.kind === 'x' && xUserId !== undefined && f.xUserId === xUserId) ??
    found.find((f) => f.kind === 'x' && handle !== undefined && f.handle === handle) ??
    found.find((f) => f.kind === 'email') ??
    found.find((f) => f.kind === 'linkedin') ??
    found.find((f) => f.kind === 'crypto');
  if (!pick) return null;
  // Identifiers move to the person a merge keeps; the hop covers one written before that.
  const person = await db('persons').where({ id: pick.personId }).first('id', 'merged_into');
  if (!person) return null;
  return String(person.merged_into ?? person.id);
}
