import type { Knex } from 'knex';
import type { MailReport } from '../channels/email/reports';
import { emailSentAs, recordBounceReport, runningJourneysThatEmail, setBounceOutcome, softBouncesOf, type BounceOutcome } from '../db/bounces';
import type { StoredEvent } from '../db/inbound-events';
import { getLeadContact } from '../db/people';
import type { SuppressionScope } from '../db/suppressions';
import { pauseOnBounceRate } from '../senders/bounce-rate';
import { DEFAULT_BOUNCE_POLICY } from '../senders/bounce-policy';
import { identifierHash, normalizedOrUndefined, normalizeIdentifier } from '../suppression/identifier';
import { cachedSuppressionKey } from '../suppression/key';
import { endJourneysOf, suppress } from '../suppression/suppress';
import type { Delivery, PipelineDeps } from './pipeline';

/** The event types this module handles instead of delivering them to journeys. */
export function isBounceOrComplaint(type: StoredEvent['type']): boolean {
  return type === 'email.bounced' || type === 'email.complained';
}

/** A hard or counted-out bounce keeps the address from email only; a complaint keeps the person from everything. */
const BOUNCE_SCOPE: SuppressionScope = { scope: 'channel', channel: 'email' };

interface WebhookBody {
  data?: { recipient?: string; kind?: 'hard' | 'soft' };
}

/**
 * What the stored event reports: the IMAP listener's reading of the DSN or feedback report (`raw.report`),
 * or an ESP's event through the generic webhook (`data.kind`, hard when absent: an ESP reports a delay as no
 * bounce at all).
 */
async function reportOf(db: Knex, stored: StoredEvent): Promise<MailReport | undefined> {
  const row: { raw: unknown } | undefined = await db('inbound_events').where({ id: stored.id }).first('raw');
  const raw = (row?.raw ?? {}) as { report?: MailReport } & WebhookBody;
  if (stored.origin !== 'webhook') return raw.report;
  const recipient = raw.data?.recipient ?? stored.from.email;
  const base = recipient ? { recipient } : {};
  if (stored.type === 'email.complained') return { kind: 'complaint', status: 'complaint', ...base };
  const kind = raw.data?.kind ?? 'hard';
  return { kind, status: kind, ...base };
}

/** The address the report is about: the one it names, else the one the message of ours it answers went to. */
async function recipientOf(db: Knex, stored: StoredEvent, report: MailReport): Promise<{ address?: string; senderAccountId: string | null }> {
  const sent = stored.inReplyTo === null ? undefined : await emailSentAs(db, stored.inReplyTo);
  const senderAccountId = stored.senderAccountId ?? sent?.senderAccountId ?? null;
  if (report.recipient) return { address: report.recipient, senderAccountId };
  const email = sent ? (await getLeadContact(db, sent.personId)).email : undefined;
  return { ...(email ? { address: email } : {}), senderAccountId };
}

function hashOf(key: Buffer, address: string | undefined): string | undefined {
  const identifier = address === undefined ? undefined : normalizedOrUndefined('email', address);
  return identifier && identifierHash(key, identifier);
}

/**
 * A bounce or complaint, handled once per inbound event (a redelivery counts nothing again but finishes what
 * a crash left): a hard bounce suppresses the address on email and ends the journeys that email it, then
 * checks the sender account's bounce rate; a soft bounce is counted and suppresses at the policy's limit;
 * a complaint suppresses the person globally and ends all their journeys. Recorded in `bounce_reports`.
 */
export async function handleBounceOrComplaint(deps: PipelineDeps, stored: StoredEvent): Promise<Delivery> {
  const policy = deps.bounces ?? DEFAULT_BOUNCE_POLICY;
  const report = await reportOf(deps.db, stored);
  const key = await cachedSuppressionKey(deps.db);
  const { address, senderAccountId } = report ? await recipientOf(deps.db, stored, report) : { senderAccountId: stored.senderAccountId };
  const hash = hashOf(key, address);
  const first: BounceOutcome = !report ? 'unrecognised' : !hash ? 'no-recipient' : report.kind === 'soft' ? 'counted' : 'suppressed';
  const fresh = await recordBounceReport(deps.db, {
    inboundEventId: stored.id,
    kind: report?.kind ?? null,
    status: report?.status ?? null,
    identifierHash: hash ?? null,
    senderAccountId,
    outcome: first,
    occurredAt: stored.occurredAt,
  });
  let outcome = first;
  let persons: string[] = [];
  let journeys = 0;
  if (report && address && hash) {
    const soft = report.kind === 'soft';
    const since = new Date(stored.occurredAt.getTime() - policy.softBouncePeriodMs);
    const reached = soft && (await softBouncesOf(deps.db, hash, since, stored.occurredAt)) >= policy.softBounceLimit;
    if (!soft || reached) {
      const complaint = report.kind === 'complaint';
      const suppressed = await suppress({ db: deps.db, key }, [
        {
          identifier: normalizeIdentifier('email', address),
          scope: complaint ? { scope: 'global' } : BOUNCE_SCOPE,
          reason: complaint ? 'complained' : 'bounced',
          source: `inbound-event:${stored.id}`,
        },
      ]);
      persons = suppressed.persons;
      journeys = await endJourneysOf(deps.db, deps.temporal, persons, complaint ? undefined : runningJourneysThatEmail);
      outcome = 'suppressed';
    }
    await setBounceOutcome(deps.db, stored.id, outcome, journeys);
  }
  if (report?.kind === 'hard' && senderAccountId) {
    const rate = await pauseOnBounceRate(deps, senderAccountId, policy);
    if (rate?.paused) deps.log('WARN', { message: 'sender account paused: hard-bounce rate', senderAccountId, hardBounces: rate.hardBounces, sends: rate.sends });
  }
  deps.log('INFO', {
    message: fresh ? 'bounce handled' : 'bounce handled again (counted once)',
    eventId: stored.id,
    kind: report?.kind ?? null,
    status: report?.status ?? null,
    outcome,
    journeysEnded: journeys,
  });
  return { resolution: 'not-an-observation', personId: persons[0] ?? null, journeys };
}
