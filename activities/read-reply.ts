import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { ReadReply } from '../src/channels/types';
import { deferJourneysOf } from '../src/client/defer';
import type { LeadContact } from '../src/db/people';
import type { PersonRef } from '../src/identity/resolve-person';
import { classifyReply } from '../src/replies/classify';
import { replyInputOf } from '../src/replies/header-fields';
import type { Channel } from '../src/sequences/model';
import { suppressOptOut } from '../src/suppression/opt-out-reply';
import type { CheckInput } from '../workflows/activity-contract';
import { suppressionKeyOf, type JourneyDeps } from './deps';

/**
 * The reply classifier for a check (docs/replies.md), as a ReadReply: an answer from the person is a reply,
 * positive when its sentiment is; a bounce or an automatic answer is none. An out-of-office note is none
 * either, and its return day holds the person's journeys' next message; an opt-out suppresses the person and
 * ends their journeys (this one too, by its cancel signal). Nothing of the text is logged or returned.
 */
export function replyReader(deps: JourneyDeps, input: CheckInput, lead: LeadContact): ReadReply {
  return async (reply) => {
    const meaning = await classifyReply(replyInputOf(input.channel, reply));
    switch (meaning.kind) {
      case 'human':
        return { reply: true, positive: meaning.sentiment === 'positive' };
      case 'bounce':
      case 'automatic':
        return { reply: false };
      case 'out_of_office':
        if (meaning.returnAt !== undefined) await deferJourneysOf(deps.db, temporal(), lead.personId, meaning.returnAt);
        return { reply: false };
      case 'opt_out':
        await suppressOptOut({ db: deps.db, temporal: temporal(), key: () => suppressionKeyOf(deps) }, onChannel(lead, input.channel), lead.personId, `check:${input.workflowId}`);
        return { reply: false };
    }
  };
}

function temporal(): Pick<Client, 'workflow'> {
  return Context.current().client;
}

/** The lead's identifier on the channel the answer came by. */
function onChannel(lead: LeadContact, channel: Channel): PersonRef {
  switch (channel) {
    case 'email':
      return lead.email === undefined ? {} : { email: lead.email };
    case 'x':
      return { ...(lead.xUserId === undefined ? {} : { xUserId: lead.xUserId }), ...(lead.xHandle === undefined ? {} : { xHandle: lead.xHandle }) };
    case 'linkedin':
      return lead.linkedinUrl === undefined ? {} : { linkedinUrl: lead.linkedinUrl };
    case 'xmtp':
      return lead.cryptoAddress === undefined ? {} : { walletAddress: lead.cryptoAddress };
  }
}
