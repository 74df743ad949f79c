import { SenderAccountError } from '../../channels/errors';
import { X_API_ROOT } from '../../channels/x/client';
import { xSettings } from '../../channels/x/account';
import type { SenderAccount } from '../../db/senderAccounts';
import { messageParts, type ProviderEvent } from '../provider-event';
import type { Deliver, Listener, SessionHooks } from './listener';
import { RecentIds } from './recent-ids';

export interface XStreamOptions {
  /** The app's bearer token (app-only auth): the activity stream serves every subscription of the app. */
  bearerToken: string;
  /** Where the v2 API lives; https://api.x.com unless pointed at a proxy or a fake. */
  apiRoot?: string;
  /** A stream silent this long (X sends a keep-alive every few seconds) is taken as dead and reopened. */
  silenceMs?: number;
}

export interface XStreamDeps extends XStreamOptions {
  deliver: Deliver;
}

/** A line longer than this is no event of ours: the connection is dropped rather than buffered without end. */
const MAX_LINE_BYTES = 1024 * 1024;
/** X replays at most 5 minutes on reconnect (`backfill_minutes`, 0 to 5). */
const MAX_BACKFILL_MINUTES = 5;
/** X may send an event again (a replay after reconnect): ids seen are remembered, within a bound. */
const REMEMBERED_UUIDS = 50_000;
const DEFAULT_SILENCE_MS = 90_000;

/**
 * The X Activity API's stream (GET /2/activity/stream) for the app: `dm.received` and `follow.follow` for
 * the accounts its subscriptions filter on. A reconnect asks for the minutes it was away (up to X's 5) to
 * be replayed, and events are deduplicated by `event_uuid`. Our own DMs and follows are dropped.
 */
export function xActivityStreamListener(accounts: SenderAccount[], deps: XStreamDeps): Listener {
  const seen = new RecentIds(REMEMBERED_UUIDS);
  let lastHeardAt: number | undefined;
  const heard = () => (lastHeardAt = Date.now());
  return {
    kind: 'x-activity-stream',
    name: 'x activity stream',
    accounts,
    session: async (hooks) => {
      const backfill = lastHeardAt === undefined ? 0 : Math.min(MAX_BACKFILL_MINUTES, Math.ceil((Date.now() - lastHeardAt) / 60_000));
      try {
        await streamSession(accounts, deps, backfill, seen, heard, hooks);
      } finally {
        if (lastHeardAt !== undefined) heard();
      }
    },
  };
}

async function streamSession(
  accounts: SenderAccount[],
  deps: XStreamDeps,
  backfillMinutes: number,
  seen: RecentIds,
  heard: () => void,
  hooks: SessionHooks,
): Promise<void> {
  const byUserId = new Map<string, SenderAccount>();
  for (const account of accounts) {
    let userId: string | undefined;
    try {
      userId = xSettings(account).userId;
    } catch (error) {
      // One account's bad settings must not keep the app's stream from the others: its events come unattributed.
      if (!(error instanceof SenderAccountError)) throw error;
    }
    if (userId) byUserId.set(userId, account);
  }
  const silenceMs = deps.silenceMs ?? DEFAULT_SILENCE_MS;
  const controller = new AbortController();
  const abort = () => controller.abort();
  hooks.signal.addEventListener('abort', abort, { once: true });
  if (hooks.signal.aborted) abort();
  let silence: NodeJS.Timeout | undefined;
  let silent = false;
  const listen = () => {
    clearTimeout(silence);
    silence = setTimeout(() => {
      silent = true;
      controller.abort();
    }, silenceMs);
  };
  try {
    const url = new URL('/2/activity/stream', (deps.apiRoot ?? X_API_ROOT).replace(/\/+$/, '') + '/');
    if (backfillMinutes > 0) url.searchParams.set('backfill_minutes', String(backfillMinutes));
    listen();
    const response = await fetch(url, { headers: { authorization: `Bearer ${deps.bearerToken}` }, signal: controller.signal });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      const status = `${response.status} ${response.statusText}`.trim();
      if (response.status === 401 || response.status === 403) throw new SenderAccountError(`X activity stream: the app's bearer token was refused (${status})`);
      throw new Error(`X activity stream: X answered ${status}`);
    }
    heard();
    hooks.connected();
    hooks.log({ level: 'info', message: 'listener waiting for X activity (dm.received, follow.follow)', listener: 'x-activity-stream', backfillMinutes });
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body) {
      listen();
      heard();
      buffered += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line !== '') await take(line, byUserId, deps, seen, hooks);
      }
      if (Buffer.byteLength(buffered) > MAX_LINE_BYTES) throw new Error(`X activity stream: a line over ${MAX_LINE_BYTES} bytes; reconnecting`);
    }
    if (!hooks.signal.aborted) throw new Error('X activity stream: X closed the stream');
  } catch (error) {
    if (hooks.signal.aborted) return;
    if (silent) throw new Error(`X activity stream: nothing heard for ${silenceMs} ms`);
    throw error;
  } finally {
    clearTimeout(silence);
    hooks.signal.removeEventListener('abort', abort);
    controller.abort();
  }
}

async function take(line: string, byUserId: Map<string, SenderAccount>, deps: XStreamDeps, seen: RecentIds, hooks: SessionHooks): Promise<void> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    hooks.log({ level: 'warn', message: 'X activity stream: a line that is not JSON, skipped', listener: 'x-activity-stream', bytes: line.length });
    return;
  }
  const data = (parsed as { data?: unknown }).data;
  if (!isRecord(data)) {
    const errors = (parsed as { errors?: { title?: unknown }[] }).errors;
    const titles = Array.isArray(errors) ? errors.map((e) => String(e?.title ?? '?')).slice(0, 3) : [];
    hooks.log({ level: 'warn', message: 'X activity stream: an error or unknown line, skipped', listener: 'x-activity-stream', errors: titles });
    return;
  }
  const event = eventOf(data, byUserId);
  if (!event || seen.has(event.providerEventId)) return;
  await deps.deliver(event);
  seen.add(event.providerEventId);
  if (event.senderAccountId !== undefined) hooks.delivered(event.senderAccountId, new Date());
}

/** The event an activity makes, or undefined for one that is not ours to report (our own DM or follow, another type). */
function eventOf(data: Record<string, unknown>, byUserId: Map<string, SenderAccount>): ProviderEvent | undefined {
  const uuid = text(data.event_uuid);
  const ourUserId = isRecord(data.filter) ? text(data.filter.user_id) : undefined;
  const payload = isRecord(data.payload) ? data.payload : {};
  if (!uuid || !ourUserId) return undefined;
  const account = byUserId.get(ourUserId);
  const occurredAt = dateOf(payload.created_at);
  const common = { origin: 'x' as const, providerEventId: uuid, occurredAt, ...(account ? { senderAccountId: account.id } : {}), raw: data };
  if (data.event_type === 'dm.received') {
    const sender = text(payload.sender_id);
    if (!sender || sender === ourUserId) return undefined;
    return { ...common, type: 'x.dm.received', from: { xUserId: sender }, ...messageParts({ text: typeof payload.text === 'string' ? payload.text : undefined }) };
  }
  if (data.event_type === 'follow.follow') {
    const source = isRecord(payload.source) ? payload.source : {};
    const target = isRecord(payload.target) ? payload.target : {};
    const follower = text(source.id);
    // Only someone following us: the stream also reports the follows our account makes.
    if (!follower || follower === ourUserId || text(target.id) !== ourUserId) return undefined;
    const handle = text(source.username);
    return { ...common, type: 'x.follow', from: { xUserId: follower, ...(handle ? { xHandle: handle.toLowerCase() } : {}) } };
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function dateOf(value: unknown): string {
  const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return (Number.isNaN(at) ? new Date() : new Date(at)).toISOString();
}
