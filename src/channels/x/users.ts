import type { Knex } from 'knex';
import type { TwitterApiv2, UserV2Result } from 'twitter-api-v2';
import type { LeadContact } from '../../db/people';
import { accountName, type SenderAccount } from '../../db/senderAccounts';
import { saveResolvedXUserId } from '../../db/xUserIds';
import { RecipientUnreachableError } from '../errors';
import { recipientIdentifier } from '../recipients';
import { xSettings } from './account';

/** X ids of the people on both ends of a call. */
export class XUserIds {
  /**
   * The sender accounts' own ids by account id, looked up once per process: the lookup itself is kept, so
   * journeys that start together share one request; a failed one is forgotten and tried again.
   */
  private readonly senders = new Map<string, Promise<string>>();

  constructor(private readonly db: Knex) {}

  async sender(client: TwitterApiv2, account: SenderAccount): Promise<string> {
    const configured = xSettings(account).userId;
    if (configured) return configured;
    let lookup = this.senders.get(account.id);
    if (!lookup) {
      lookup = client.me().then((me) => me.data.id);
      this.senders.set(account.id, lookup);
      lookup.catch(() => this.senders.delete(account.id));
    }
    return lookup;
  }

  /**
   * The lead's id: known already, or the handle looked up once and written to the identity graph, so the
   * next call (and every other journey of this person) skips the lookup.
   */
  async lead(client: TwitterApiv2, lead: LeadContact, account: SenderAccount): Promise<string> {
    const identifier = recipientIdentifier('x', lead, account);
    if (lead.xUserId) return identifier;
    const found = existing(await client.userByUsername(identifier));
    if (!found) {
      throw new RecipientUnreachableError(`${accountName(account)}: the X handle of person ${lead.personId} names no active account`);
    }
    await saveResolvedXUserId(this.db, lead.personId, identifier, found.id);
    return found.id;
  }
}

/**
 * The user of a lookup, or undefined when X answered 200 with only an `errors` entry (no such user,
 * suspended): that is how v2 lookups report a missing resource.
 */
export function existing(result: UserV2Result): UserV2Result['data'] | undefined {
  return result.data?.id ? result.data : undefined;
}
