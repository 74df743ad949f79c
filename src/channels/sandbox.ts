import type { Knex } from 'knex';
import { getSandboxScript, recordSandboxSend } from '../db/sandbox';
import { upsertSenderAccount } from '../db/senderAccounts';
import { DEFAULT_CAPS } from './default-caps';
import { CHANNELS, type Channel, type Observation } from '../sequences/model';
import { RateLimitedError, RecipientUnreachableError } from './errors';
import { delayMs, parseSandboxScript, type SandboxScript } from './sandbox-script';
import type { ChannelAdapter, ChannelRegistry, CheckRequest, ObservedOutcome, SendRequest, SendResult } from './types';

/**
 * Plays a provider deterministically: records what it would send in Postgres and answers checks from the
 * lead's script, relative to the journey's own clock, so the demo and tests need no credentials.
 */
export class SandboxChannel implements ChannelAdapter {
  readonly provider = 'sandbox';

  constructor(
    readonly channel: Channel,
    private readonly db: Knex,
  ) {}

  async send(request: SendRequest): Promise<SendResult> {
    const script = await this.scriptOf(request.lead.personId);
    this.failIfScripted(script, request);
    const stored = await recordSandboxSend(this.db, {
      idempotencyKey: request.idempotencyKey,
      channel: this.channel,
      action: request.action,
      personId: request.lead.personId,
      senderAccountId: request.sender.id,
      subject: request.message?.subject,
      body: request.message?.body,
      sentAt: request.at,
    });
    return { providerId: stored.providerMessageId, sentAt: new Date(stored.sentAt) };
  }

  async check(request: CheckRequest): Promise<ObservedOutcome[]> {
    const script = await this.scriptOf(request.lead.personId);
    const outcomes: ObservedOutcome[] = [];
    for (const observation of request.observations) {
      const delay = this.delayFor(script, observation);
      if (delay === undefined) continue;
      const at = new Date(new Date(request.since).getTime() + delayMs(delay));
      if (at.getTime() > new Date(request.asOf).getTime()) continue;
      const positive = observation === 'replied' ? script.replySentiment === 'positive' : undefined;
      outcomes.push({ observation, at, providerId: `sandbox-${observation}-${request.lead.personId}`, positive });
    }
    return outcomes;
  }

  private delayFor(script: SandboxScript, observation: Observation): string | undefined {
    switch (observation) {
      case 'followed_back':
        return script.followsBackAfter;
      case 'connection_accepted':
        return script.acceptsAfter;
      case 'replied_to_note':
        return script.repliesToNoteAfter;
      case 'replied':
        return !script.repliesOn || script.repliesOn.includes(this.channel) ? script.repliesAfter : undefined;
    }
  }

  private failIfScripted(script: SandboxScript, request: SendRequest): void {
    const failure = script.failures?.[request.action];
    if (!failure) return;
    if (failure.permanent) throw new RecipientUnreachableError(`sandbox: ${failure.permanent}`);
    if (failure.rateLimitedFor && request.attempt === 1) {
      throw new RateLimitedError('sandbox: rate limited', delayMs(failure.rateLimitedFor));
    }
    if (failure.transient && request.attempt <= failure.transient) {
      throw new Error(`sandbox: scripted transient failure ${request.attempt} of ${failure.transient}`);
    }
  }

  private async scriptOf(personId: string): Promise<SandboxScript> {
    return parseSandboxScript(await getSandboxScript(this.db, personId), personId);
  }
}

export function sandboxChannels(db: Knex): ChannelRegistry {
  return Object.fromEntries(CHANNELS.map((channel) => [channel, new SandboxChannel(channel, db)]));
}

/** One sandbox sender account per channel, with the default caps, unless it exists already. */
export async function ensureSandboxSenders(db: Knex): Promise<void> {
  for (const channel of CHANNELS) {
    const exists = await db('sender_accounts').where({ channel, provider: 'sandbox' }).first('id');
    if (!exists) await upsertSenderAccount(db, { channel, provider: 'sandbox', handle: `sandbox-${channel}`, ...DEFAULT_CAPS[channel] });
  }
}
