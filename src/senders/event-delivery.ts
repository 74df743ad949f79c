import type { Knex } from 'knex';
import { eventSourcesOf, type EventSource, type EventSourceKind } from '../db/event-sources';
import { accountName, listSenderAccounts } from '../db/senderAccounts';

/** How an account's journeys learn of replies and follows: from a live source, or by asking on every tick. */
export interface AccountEventDelivery {
  account: string;
  status: string;
  /** The live source its journeys count on (one check at a window's close); null: they check every tick. */
  live: EventSourceKind | null;
  /** `webhooks: true` in the senders file: live while an ingest process serves the route. */
  webhooks: boolean;
  sources: EventSource[];
}

export async function eventDeliveryOf(db: Knex, now = new Date()): Promise<AccountEventDelivery[]> {
  const byAccount = new Map<string, EventSource[]>();
  for (const source of await eventSourcesOf(db, undefined, now)) byAccount.set(source.senderAccountId, [...(byAccount.get(source.senderAccountId) ?? []), source]);
  return (await listSenderAccounts(db)).map((a) => {
    const sources = byAccount.get(a.id) ?? [];
    return { account: accountName(a), status: a.status, live: sources.find((s) => s.live)?.kind ?? null, webhooks: a.webhooks === true, sources };
  });
}

/** A source as read, or as printed in JSON (times as ISO text). */
type SourceView = Pick<EventSource, 'kind' | 'state' | 'live' | 'lastError'> & { lastEventAt: Date | string | null; updatedAt: Date | string };

const iso = (time: Date | string) => (typeof time === 'string' ? time : time.toISOString());

/** `imap-idle connected, last event 2026-12-02T10:00:00.000Z`, or disconnected with its last error. */
export function sourceText(s: SourceView): string {
  const since = iso(s.updatedAt);
  const state =
    s.state !== 'disconnected' && !s.live
      ? `${s.state} but silent since ${since} (not counted as live)`
      : s.state === 'disconnected' && s.lastError
        ? `disconnected (${s.lastError})`
        : s.state;
  return `${s.kind} ${state}, last event ${s.lastEventAt === null ? 'never' : iso(s.lastEventAt)}`;
}

/** One line per account: `listens (imap-idle): ...` or `polls every tick: ...`. */
export function deliveryLines(rows: AccountEventDelivery[]): string[] {
  if (rows.length === 0) return ['  no sender accounts'];
  const width = Math.max(...rows.map((r) => r.account.length));
  return rows.map((r) => {
    const mode = r.live ? `listens (${r.live})` : 'polls every tick';
    const why = r.sources.length > 0 ? r.sources.map(sourceText).join('; ') : r.webhooks ? 'webhooks set, but no ingest process serving their route has reported' : 'no listener or webhooks';
    return `  ${r.account.padEnd(width)}  ${r.status.padEnd(8)}  ${mode.padEnd(28)} ${why}`;
  });
}
