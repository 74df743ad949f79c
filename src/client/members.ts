import type { Knex } from 'knex';
import { audienceMemberPage, audienceSize as membersOf } from '../db/audience-members';
import { audienceId } from '../identity/audiences';
import type { MemberContact } from './reachability';

export { audienceId };

const PAGE = 5000;

/**
 * Members with the identifiers every journey reads (src/db/contacts.ts) and the variables captured in the
 * snapshot, page by page. A member merged into another person since the snapshot stands for the person who
 * holds its identifiers now; when that person is a member too, the merged one is left out.
 */
export async function* audienceMembers(db: Knex, audience: string): AsyncGenerator<MemberContact[]> {
  let after = '0';
  for (;;) {
    const page = await audienceMemberPage(db, audience, after, PAGE);
    if (page.length === 0) return;
    yield page.map(({ contact, variables }) => ({
      personId: contact.personId,
      xUserId: contact.xUserId,
      xHandle: contact.xHandle,
      email: contact.email,
      linkedinUrl: contact.linkedinUrl,
      cryptoAddress: contact.cryptoAddress,
      variables: variables as Record<string, string>,
    }));
    after = (page[page.length - 1] as (typeof page)[number]).memberId;
  }
}

export async function audienceSize(db: Knex, name: string): Promise<number> {
  return membersOf(db, await audienceId(db, name));
}
