/*
 * A LinkedIn gateway that speaks the contract in docs/channels/linkedin-gateway.md over real HTTP on
 * 127.0.0.1, with state: invitations that get accepted after a scripted delay, leads who reply to the note
 * or to a DM, seen receipts. Behaviour it follows beyond our own contract:
 * - Idempotency-Key: draft-ietf-httpapi-idempotency-key-header-07 (400 when a POST lacks the key, 409 while
 *   the first request with the key is still running (scripted here with failNext, as this fake answers at
 *   once), 422 when the key comes back with another payload, the stored answer replayed otherwise).
 * - Retry-After as delta-seconds or an HTTP-date: RFC 9110 §10.2.3.
 * - LinkedIn: a note of at most 300 characters (200 on free accounts, enforced by our adapter's noteLimit);
 *   messages only between 1st-degree connections; an invitation to someone already connected sends nothing.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type AccountState = 'ok' | 'session_expired' | 'checkpoint_required' | 'account_restricted';

export interface ProfileScript {
  /** No such profile: 404 profile_not_found. */
  missing?: boolean;
  /** Already a 1st-degree connection. */
  connected?: boolean;
  /** LinkedIn shows no Connect button (email required, follow-only): 422 cannot_invite. */
  cannotInvite?: boolean;
  acceptsAfterMs?: number;
  /** Replies to an invitation's note (only when it had one), without accepting. */
  repliesToNoteAfterMs?: number;
  /** Replies after our first message. */
  repliesAfterMs?: number;
  /** Sees each of our messages this long after it was sent. */
  seesAfterMs?: number;
}

export interface ScriptedFailure {
  method?: 'GET' | 'POST';
  /** Matches paths below the account that start with this, e.g. `/invitations`. */
  path?: string;
  status?: number;
  code?: string;
  retryAfter?: string;
  /** Do the work, then drop the connection without an answer (a lost response). */
  dropAfterEffect?: boolean;
  /** Never answer (a hung gateway). */
  stall?: boolean;
}

export interface RecordedRequest {
  method: string;
  account: string;
  path: string;
  query: Record<string, string>;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  body: unknown;
}

interface Invitation {
  id: string;
  account: string;
  profileUrl: string;
  note: string | undefined;
  sentAt: Date;
  /** Set when the profile was connected already: accepted at the moment of the request. */
  acceptedAt?: Date;
}

interface Message {
  id: string;
  account: string;
  profileUrl: string;
  direction: 'inbound' | 'outbound';
  text: string;
  sentAt: Date;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const NOTE_LIMIT = 300;
const MESSAGE_LIMIT = 8000;
const PROFILE_URL = /^https:\/\/www\.linkedin\.com\/(in|pub)\/[^/?#]+/;

export class FakeLinkedInGateway {
  readonly requests: RecordedRequest[] = [];
  /** The most messages one page holds, whatever `limit` asks (a gateway may answer fewer). */
  maxPageSize = 100;
  private readonly accounts = new Map<string, { apiKey: string; state: AccountState }>();
  private readonly profiles = new Map<string, ProfileScript>();
  private readonly invitations: Invitation[] = [];
  private readonly messages: Message[] = [];
  private readonly idempotency = new Map<string, { fingerprint: string; answer: Answer }>();
  private readonly failures: ScriptedFailure[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly now: () => Date,
  ) {}

  static async start(opts: { now?: () => Date } = {}): Promise<FakeLinkedInGateway> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const gateway = new FakeLinkedInGateway(server, `http://127.0.0.1:${port}`, opts.now ?? (() => new Date()));
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void gateway.handle(req, res));
    return gateway;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  addAccount(name: string, apiKey: string, state: AccountState = 'ok'): void {
    this.accounts.set(name, { apiKey, state });
  }

  setAccountState(name: string, state: AccountState): void {
    const account = this.accounts.get(name);
    if (!account) throw new Error(`no fake account ${name}`);
    account.state = state;
  }

  profile(url: string, script: ProfileScript): void {
    this.profiles.set(url, script);
  }

  /** The next matching requests (`times` of them) fail this way instead of being served. */
  failNext(failure: ScriptedFailure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(failure);
  }

  /** The lead writes to the account now (or at `at`). */
  receive(account: string, profileUrl: string, text: string, at: Date = this.now()): void {
    this.messages.push({ id: randomUUID(), account, profileUrl, direction: 'inbound', text, sentAt: at });
  }

  invitationsTo(profileUrl: string): { id: string; note: string | undefined }[] {
    return this.invitations.filter((i) => i.profileUrl === profileUrl).map((i) => ({ id: i.id, note: i.note }));
  }

  sentMessagesTo(profileUrl: string): { id: string; text: string }[] {
    return this.messages.filter((m) => m.profileUrl === profileUrl && m.direction === 'outbound').map((m) => ({ id: m.id, text: m.text }));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const raw = await readBody(req);
    const match = /^\/v1\/accounts\/([^/]+)(\/.*)$/.exec(url.pathname);
    const account = match ? decodeURIComponent(match[1] as string) : '';
    const path = match?.[2] ?? url.pathname;
    const method = req.method ?? 'GET';
    const body = parseJson(raw);
    this.requests.push({
      method,
      account,
      path,
      query: Object.fromEntries(url.searchParams),
      idempotencyKey: header(req, 'idempotency-key'),
      authorization: header(req, 'authorization'),
      body,
    });

    const failure = this.takeFailure(method, path);
    if (failure?.stall) return;
    if (failure && !failure.dropAfterEffect) return send(res, failureAnswer(failure));

    const answer = match ? this.route(req, method, account, path, url.searchParams, body, raw) : error(404, 'not_found', 'no such route');
    if (failure?.dropAfterEffect) {
      res.socket?.destroy();
      return;
    }
    send(res, answer);
  }

  private takeFailure(method: string, path: string): ScriptedFailure | undefined {
    const index = this.failures.findIndex((f) => (!f.method || f.method === method) && (!f.path || path.startsWith(f.path)));
    return index < 0 ? undefined : this.failures.splice(index, 1)[0];
  }

  private route(req: IncomingMessage, method: string, account: string, path: string, query: URLSearchParams, body: unknown, raw: string): Answer {
    const known = this.accounts.get(account);
    if (!known) return error(404, 'account_not_found', 'the gateway has no such account');
    if (header(req, 'authorization') !== `Bearer ${known.apiKey}`) return error(401, 'unauthorized', 'missing or wrong API key');
    if (known.state !== 'ok') return error(403, known.state, 'the LinkedIn session cannot act');

    if (method === 'POST' && (path === '/invitations' || path === '/messages')) {
      const key = header(req, 'idempotency-key');
      if (!key) return error(400, 'invalid_request', 'Idempotency-Key is required');
      return this.idempotent(account, key, raw, () => (path === '/invitations' ? this.invite(account, body) : this.message(account, body)));
    }
    if (method === 'GET' && path.startsWith('/invitations/')) return this.invitation(account, decodeURIComponent(path.slice('/invitations/'.length)));
    if (method === 'GET' && path === '/messages') return this.listMessages(account, query);
    return error(404, 'not_found', 'no such route');
  }

  private idempotent(account: string, key: string, raw: string, work: () => Answer): Answer {
    const stored = this.idempotency.get(`${account} ${key}`);
    if (stored && stored.fingerprint !== raw) return error(422, 'idempotency_key_reused', 'this key came with another payload');
    if (stored) return { ...stored.answer, status: 200 };
    const answer = work();
    // A refused request sent nothing, so only successes are kept for replay.
    if (answer.status < 300) this.idempotency.set(`${account} ${key}`, { fingerprint: raw, answer });
    return answer;
  }

  private invite(account: string, body: unknown): Answer {
    const { profileUrl, note } = (body ?? {}) as { profileUrl?: unknown; note?: unknown };
    if (typeof profileUrl !== 'string' || (note !== undefined && typeof note !== 'string')) {
      return error(400, 'invalid_request', 'profileUrl (string) is required; note must be a string');
    }
    const refused = this.refuseProfile(profileUrl);
    if (refused) return refused;
    if (note !== undefined && [...note].length > NOTE_LIMIT) return error(422, 'note_too_long', `a note holds at most ${NOTE_LIMIT} characters`);
    const script = this.profiles.get(profileUrl) ?? {};
    if (script.cannotInvite) return error(422, 'cannot_invite', 'LinkedIn offers no Connect for this profile');
    const pending = this.invitations.find((i) => i.account === account && i.profileUrl === profileUrl && this.statusOf(i).status === 'pending');
    if (pending) return { status: 200, body: { invitation: this.invitationJson(pending) } };
    const sentAt = this.now();
    const invitation: Invitation = { id: randomUUID(), account, profileUrl, note, sentAt, ...(script.connected ? { acceptedAt: sentAt } : {}) };
    this.invitations.push(invitation);
    return { status: 201, body: { invitation: this.invitationJson(invitation) } };
  }

  private message(account: string, body: unknown): Answer {
    const { profileUrl, text } = (body ?? {}) as { profileUrl?: unknown; text?: unknown };
    if (typeof profileUrl !== 'string' || typeof text !== 'string' || text.trim() === '') {
      return error(400, 'invalid_request', 'profileUrl and a non-empty text are required');
    }
    const refused = this.refuseProfile(profileUrl);
    if (refused) return refused;
    if ([...text].length > MESSAGE_LIMIT) return error(422, 'message_too_long', `a message holds at most ${MESSAGE_LIMIT} characters`);
    if (!this.connected(account, profileUrl)) return error(422, 'not_connected', 'messages go to 1st-degree connections only');
    const message: Message = { id: randomUUID(), account, profileUrl, direction: 'outbound', text, sentAt: this.now() };
    this.messages.push(message);
    return { status: 201, body: { message: this.messageJson(message) } };
  }

  private invitation(account: string, id: string): Answer {
    const found = this.invitations.find((i) => i.account === account && i.id === id);
    if (!found) return error(404, 'invitation_not_found', 'no such invitation');
    return { status: 200, body: { invitation: this.invitationJson(found) } };
  }

  private listMessages(account: string, query: URLSearchParams): Answer {
    const profileUrl = query.get('profileUrl') ?? '';
    const since = Date.parse(query.get('since') ?? '');
    const limit = Number(query.get('limit') ?? 50);
    if (!profileUrl || Number.isNaN(since) || !Number.isInteger(limit) || limit < 1 || limit > 100) {
      return error(400, 'invalid_request', 'profileUrl, since (RFC 3339) and limit (1..100) are required');
    }
    const refused = this.refuseProfile(profileUrl);
    if (refused) return refused;
    const all = this.conversation(account, profileUrl).filter((m) => m.sentAt.getTime() >= since);
    const offset = Number(Buffer.from(query.get('cursor') ?? '', 'base64url').toString() || 0);
    const size = Math.min(limit, this.maxPageSize);
    const page = all.slice(offset, offset + size);
    const next = offset + size < all.length ? Buffer.from(String(offset + size)).toString('base64url') : null;
    return { status: 200, body: { messages: page.map((m) => this.messageJson(m)), nextCursor: next } };
  }

  private refuseProfile(profileUrl: string): Answer | undefined {
    if (!PROFILE_URL.test(profileUrl)) return error(400, 'invalid_profile_url', 'not a LinkedIn profile URL');
    if (this.profiles.get(profileUrl)?.missing) return error(404, 'profile_not_found', 'no such profile');
    return undefined;
  }

  private connected(account: string, profileUrl: string): boolean {
    if (this.profiles.get(profileUrl)?.connected) return true;
    return this.invitations.some((i) => i.account === account && i.profileUrl === profileUrl && this.statusOf(i).status === 'accepted');
  }

  private statusOf(i: Invitation): { status: 'pending' | 'accepted'; acceptedAt: Date | null } {
    if (i.acceptedAt) return { status: 'accepted', acceptedAt: i.acceptedAt };
    const delay = this.profiles.get(i.profileUrl)?.acceptsAfterMs;
    const at = delay === undefined ? undefined : new Date(i.sentAt.getTime() + delay);
    return at && at <= this.now() ? { status: 'accepted', acceptedAt: at } : { status: 'pending', acceptedAt: null };
  }

  /** Stored messages plus the scripted replies whose time has come, oldest first. */
  private conversation(account: string, profileUrl: string): Message[] {
    const script = this.profiles.get(profileUrl) ?? {};
    const stored = this.messages.filter((m) => m.account === account && m.profileUrl === profileUrl);
    const scripted: Message[] = [];
    const reply = (id: string, after: Date, delay: number | undefined) => {
      if (delay !== undefined) scripted.push({ id, account, profileUrl, direction: 'inbound', text: 'scripted reply', sentAt: new Date(after.getTime() + delay) });
    };
    const noted = this.invitations.find((i) => i.account === account && i.profileUrl === profileUrl && i.note !== undefined);
    if (noted) reply(`${noted.id}-note-reply`, noted.sentAt, script.repliesToNoteAfterMs);
    const firstDm = stored.find((m) => m.direction === 'outbound');
    if (firstDm) reply(`${firstDm.id}-reply`, firstDm.sentAt, script.repliesAfterMs);
    const now = this.now().getTime();
    return [...stored, ...scripted].filter((m) => m.sentAt.getTime() <= now).sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
  }

  private invitationJson(i: Invitation) {
    const { status, acceptedAt } = this.statusOf(i);
    return { id: i.id, profileUrl: i.profileUrl, status, hasNote: i.note !== undefined, sentAt: i.sentAt.toISOString(), acceptedAt: acceptedAt?.toISOString() ?? null };
  }

  private messageJson(m: Message) {
    const delay = m.direction === 'outbound' ? this.profiles.get(m.profileUrl)?.seesAfterMs : undefined;
    const seenAt = delay === undefined ? null : new Date(m.sentAt.getTime() + delay);
    const seen = seenAt && seenAt <= this.now() ? seenAt.toISOString() : null;
    return { id: m.id, direction: m.direction, sentAt: m.sentAt.toISOString(), ...(m.direction === 'outbound' ? { seenAt: seen } : {}) };
  }
}

function error(status: number, code: string, message: string, headers?: Record<string, string>): Answer {
  return { status, body: { error: { code, message } }, ...(headers ? { headers } : {}) };
}

function failureAnswer(f: ScriptedFailure): Answer {
  const status = f.status ?? 500;
  const code = f.code ?? (status === 429 ? 'rate_limited' : status >= 500 ? 'internal' : 'invalid_request');
  return error(status, code, 'scripted failure', f.retryAfter === undefined ? undefined : { 'retry-after': f.retryAfter });
}

function send(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  res.end(JSON.stringify(answer.body));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
