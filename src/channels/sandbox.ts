import type { Knex } from 'knex';
import { getSandboxScript, recordSandboxSend } from '../db/sandbox';
import { hasSenderAccount, upsertSenderAccount } from '../db/senderAccounts';
import { CHANNELS, type Channel, type Observation } from '../sequences/model';
import { DEFAULT_CAPS } from './default-caps';
import { RateLimitedError, RecipientUnreachableError, SenderAccountError } from './errors';
import { recipientIdentifier } from './recipients';
import { delayMs, parseSandboxScript, type SandboxScript } from './sandbox-script';
import type { AdapterByChannel, ChannelAdapter, ChannelRegistry, CheckRequest, ConnectionRequest, ObservedOutcome, SendRequest, SendResult } from './types';

export const SANDBOX_PROVIDER = 'sandbox';

/**
 * Plays every provider deterministically: records what it would send in Postgres and answers checks from
 * the lead's script, relative to the journey's own clock, so the demo and tests need no credentials.
 * It refuses a lead the real adapter would refuse (./recipients), so nothing passes here that fails in
 * production; what only a provider can tell is scripted per lead (`failures`).
 */
class SandboxProvider {
  private readonly refusedSends = new Set<string>();

  constructor(private readonly db: Knex) {}

  async send(channel: Channel, request: SendRequest | ConnectionRequest): Promise<SendResult> {
    recipientIdentifier(channel, request.lead, request.sender);
    const script = await this.scriptOf(request.lead.personId);
    const refusal = script.failures?.[request.action]?.senderRefused;
    if (refusal && !this.refusedSends.has(request.idempotencyKey)) {
      this.refusedSends.add(request.idempotencyKey);
      throw new SenderAccountError(`sandbox: ${refusal}`);
    }
    failIfScripted(script, request);
    const message = 'message' in request ? request.message : undefined;
    const stored = await recordSandboxSend(this.db, {
      idempotencyKey: request.idempotencyKey,
      channel,
      action: request.action,
      personId: request.lead.personId,
      senderAccountId: request.sender.id,
      subject: message?.subject,
      body: message?.body,
      sentAt: request.at,
    });
    return { providerId: stored.providerMessageId, sentAt: new Date(stored.sentAt) };
  }

  async check(channel: Channel, observation: Observation, request: CheckRequest): Promise<ObservedOutcome | undefined> {
    const script = await this.scriptOf(request.lead.personId);
    const delay = delayFor(script, channel, observation);
    if (delay === undefined) return undefined;
    const at = new Date(request.since.getTime() + delayMs(delay));
    if (at.getTime() > request.asOf.getTime()) return undefined;
    const providerId = `sandbox-${observation}-${request.lead.personId}`;
    if (observation === 'replied' && script.replyText !== undefined && request.readReply) {
      const verdict = await request.readReply({ text: script.replyText, at });
      return verdict.reply ? { observation, at, providerId, positive: verdict.positive } : undefined;
    }
    const positive = observation === 'replied' ? script.replySentiment === 'positive' : undefined;
    return { observation, at, providerId, positive };
  }

  private async scriptOf(personId: string): Promise<SandboxScript> {
    return parseSandboxScript(await getSandboxScript(this.db, personId), personId);
  }
}

function delayFor(script: SandboxScript, channel: Channel, observation: Observation): string | undefined {
  switch (observation) {
    case 'followed_back':
      return script.followsBackAfter;
    case 'connection_accepted':
      return script.acceptsAfter;
    case 'replied_to_note':
      return script.repliesToNoteAfter;
    case 'replied':
      return !script.repliesOn || script.repliesOn.includes(channel) ? script.repliesAfter : undefined;
    case 'read':
      return script.readsAfter;
  }
}

function failIfScripted(script: SandboxScript, request: SendRequest): void {
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

/** The sandbox behind every channel's interface. */
function sandboxByChannel(db: Knex): AdapterByChannel {
  const sandbox = new SandboxProvider(db);
  return {
    x: {
      channel: 'x',
      provider: SANDBOX_PROVIDER,
      follow: (r) => sandbox.send('x', r),
      unfollow: (r) => sandbox.send('x', r),
      sendDm: (r) => sandbox.send('x', r),
      checkFollowedBack: (r) => sandbox.check('x', 'followed_back', r),
      checkReplied: (r) => sandbox.check('x', 'replied', r),
      checkRead: (r) => sandbox.check('x', 'read', r),
    },
    email: {
      channel: 'email',
      provider: SANDBOX_PROVIDER,
      sendEmail: (r) => sandbox.send('email', r),
      checkReplied: (r) => sandbox.check('email', 'replied', r),
      checkRead: (r) => sandbox.check('email', 'read', r),
    },
    linkedin: {
      channel: 'linkedin',
      provider: SANDBOX_PROVIDER,
      sendConnectionRequest: (r) => sandbox.send('linkedin', r),
      sendDm: (r) => sandbox.send('linkedin', r),
      checkConnectionAccepted: (r) => sandbox.check('linkedin', 'connection_accepted', r),
      checkRepliedToNote: (r) => sandbox.check('linkedin', 'replied_to_note', r),
      checkReplied: (r) => sandbox.check('linkedin', 'replied', r),
      checkRead: (r) => sandbox.check('linkedin', 'read', r),
    },
    xmtp: {
      channel: 'xmtp',
      provider: SANDBOX_PROVIDER,
      sendDm: (r) => sandbox.send('xmtp', r),
      checkReplied: (r) => sandbox.check('xmtp', 'replied', r),
      checkRead: (r) => sandbox.check('xmtp', 'read', r),
    },
  };
}

/**
 * A worker that runs nothing but the sandbox (the demo, tests): it answers for every sender account,
 * whatever provider the account names, as the only adapter there is.
 */
export function sandboxChannels(db: Knex): ChannelRegistry {
  const adapters = sandboxByChannel(db);
  return { hasChannel: () => true, adapterFor: (channel) => adapters[channel] };
}

/** The sandbox adapters as a list, for `channelRegistry` beside real providers (then only "sandbox" accounts use them). */
export function sandboxAdapters(db: Knex): ChannelAdapter[] {
  return Object.values(sandboxByChannel(db));
}

/** The handle of a channel's sandbox sender account. */
export function sandboxHandle(channel: Channel): string {
  return `sandbox-${channel}`;
}

/**
 * One sandbox sender account per channel (sandboxHandle), provisioned here and nowhere else. Without `caps`,
 * what the worker does under OUTREACH_SANDBOX: a channel that has a sandbox account keeps it as it is (caps
 * or a pause an operator set), the others get one with the default caps. With `caps` (the demo, tests,
 * benches), each channel's sandbox account is set active with these caps, whatever an earlier run left.
 */
export async function ensureSandboxSenders(db: Knex, caps?: { hourlyCap: number; dailyCap: number }): Promise<void> {
  for (const channel of CHANNELS) {
    const account = { channel, provider: SANDBOX_PROVIDER, handle: sandboxHandle(channel) };
    if (caps) await upsertSenderAccount(db, { ...account, ...caps, status: 'active' });
    else if (!(await hasSenderAccount(db, channel, SANDBOX_PROVIDER))) await upsertSenderAccount(db, { ...account, ...DEFAULT_CAPS[channel] });
  }
}
