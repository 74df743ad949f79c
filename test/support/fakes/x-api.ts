/*
 * A protocol-level fake of the X API v2 endpoints the X adapter calls, for the real twitter-api-v2 client.
 * Shapes follow X's documentation:
 * - Users lookup (https://docs.x.com/x-api/users/lookup): GET /2/users/me, /2/users/:id, /2/users/by/username/:username
 *   answer `{ data: { id, name, username } }`; a missing or suspended user is a 200 carrying only `errors`
 *   (`resource-not-found` problem, title "Not Found Error" or "Forbidden"). `user.fields=connection_status` adds
 *   the relation to the authenticated user ("following", "followed_by").
 * - Follows (https://docs.x.com/x-api/users/follows): POST /2/users/:id/following `{ target_user_id }` answers
 *   `{ data: { following, pending_follow } }`; DELETE /2/users/:source_user_id/following/:target_user_id answers
 *   `{ data: { following: false } }`; both succeed again when repeated.
 * - Direct messages (https://docs.x.com/x-api/direct-messages): POST /2/dm_conversations/with/:participant_id/messages
 *   answers 201 `{ data: { dm_conversation_id, dm_event_id } }`; GET .../dm_events lists the conversation newest
 *   first, `max_results` up to 100, `meta: { result_count, next_token }`, `pagination_token` for the next page.
 *   Closed DMs: 403 "You are not permitted to send messages to this user.".
 * - Errors (https://docs.x.com/x-api/fundamentals/response-codes-and-errors): problem bodies `{ title, detail, type,
 *   status }`; 401 "Unauthorized" for a bad token; 429 "Too Many Requests" with `x-rate-limit-*` headers
 *   (https://docs.x.com/x-api/fundamentals/rate-limits, reset in epoch seconds).
 * - X Activity API stream (https://docs.x.com/x-api/activity/activity-stream): GET /2/activity/stream with the
 *   app's bearer token, a long-lived response of newline-delimited JSON, one `{ data: { event_type, event_uuid,
 *   filter: { user_id }, payload } }` per event and bare CRLF keep-alives; `backfill_minutes` (0 to 5) replays
 *   the events of the last minutes first. The payloads of `dm.received` and `follow.follow` are not spelled out
 *   by X's reference; the shapes here are the ones docs/events.md ("X activity stream") states we read.
 * Not documented by X and assumed here: a write aimed at a user who does not exist answers 404 with a
 * `resource-not-found` problem; a suspended sender gets 403 with the suspension in `detail`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeXUser {
  id: string;
  username: string;
  name: string;
  /** Accepts DMs from anyone; otherwise only from accounts it follows. */
  dmsOpen: boolean;
  suspended: boolean;
}

export interface FakeDmEvent {
  id: string;
  event_type: 'MessageCreate';
  text: string;
  sender_id: string;
  recipient_id: string;
  created_at: string;
  dm_conversation_id: string;
}

/** One X Activity API event as the stream sends it (the `data` of a line). */
export interface FakeActivityEvent {
  event_type: 'dm.received' | 'follow.follow';
  event_uuid: string;
  filter: { user_id: string };
  payload: Record<string, unknown>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  auth: 'oauth1' | 'oauth2' | 'none';
  /** The user the token belongs to. */
  userId?: string;
}

/** A scripted answer for the next matching request: a response, a request that never answers, or a reset socket. */
export type Scripted = { status: number; headers?: Record<string, string>; body?: unknown } | 'hang' | 'reset';

interface Script {
  method?: string;
  path: RegExp;
  replies: Scripted[];
}

const PROBLEMS = 'https://api.twitter.com/2/problems';

export class FakeXApi {
  readonly requests: RecordedRequest[] = [];
  readonly users = new Map<string, FakeXUser>();
  readonly events: FakeDmEvent[] = [];
  private readonly tokens = new Map<string, string>();
  private readonly follows = new Set<string>();
  private readonly scripts: Script[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly listeners: ((request: RecordedRequest, status: number) => void)[] = [];
  private nextEventId = 1_800_000_000_000_000_000n;
  private readonly appTokens = new Set<string>();
  private readonly activity: { at: number; event: FakeActivityEvent }[] = [];
  private readonly streams = new Set<ServerResponse>();
  url = '';

  private constructor(
    private readonly server: Server,
    private readonly now: () => Date,
  ) {}

  static async start(opts: { now?: () => Date } = {}): Promise<FakeXApi> {
    const server = createServer((req, res) => void fake.handle(req, res));
    const fake = new FakeXApi(server, opts.now ?? (() => new Date()));
    server.on('connection', (socket) => {
      fake.sockets.add(socket);
      socket.on('close', () => fake.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  addUser(user: Partial<FakeXUser> & { id: string; username: string }): FakeXUser {
    const full = { name: user.username, dmsOpen: true, suspended: false, ...user };
    this.users.set(full.id, full);
    return full;
  }

  /** Makes a token (an OAuth 1.0a access token or an OAuth 2.0 bearer token) act as this user. */
  grant(token: string, userId: string): void {
    this.tokens.set(token, userId);
  }

  /** Makes a bearer token the app's own (app-only auth, as the activity stream takes). */
  grantApp(token: string): void {
    this.appTokens.add(token);
  }

  /** Sends an activity event down every open stream, and keeps it for a later `backfill_minutes`. */
  publishActivity(event: FakeActivityEvent): void {
    this.activity.push({ at: this.now().getTime(), event });
    for (const stream of this.streams) stream.write(`${JSON.stringify({ data: event })}\r\n`);
  }

  /** Cuts every open activity stream, as a network drop or an X disconnect does. */
  dropActivityStreams(): void {
    for (const stream of this.streams) stream.socket?.destroy();
    this.streams.clear();
  }

  get openActivityStreams(): number {
    return this.streams.size;
  }

  revoke(token: string): void {
    this.tokens.delete(token);
  }

  follow(from: string, to: string): void {
    this.follows.add(`${from}>${to}`);
  }

  isFollowing(from: string, to: string): boolean {
    return this.follows.has(`${from}>${to}`);
  }

  /** A DM as X records it; `at` defaults to the fake's clock. */
  dm(from: string, to: string, text: string, at: Date = this.now()): FakeDmEvent {
    const event: FakeDmEvent = {
      id: String(this.nextEventId++),
      event_type: 'MessageCreate',
      text,
      sender_id: from,
      recipient_id: to,
      // X dates events to the second: "2022-10-20T21:38:38.000Z".
      created_at: new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString(),
      dm_conversation_id: [from, to].sort().join('-'),
    };
    this.events.push(event);
    return event;
  }

  dmsBetween(a: string, b: string): FakeDmEvent[] {
    return this.events.filter((e) => (e.sender_id === a && e.recipient_id === b) || (e.sender_id === b && e.recipient_id === a));
  }

  /** The next requests matching `path` (and `method`) get these answers instead of the normal ones, in order. */
  script(match: { method?: string; path: RegExp }, ...replies: Scripted[]): void {
    this.scripts.push({ ...match, replies });
  }

  /** Called after X answered a request normally: lets a test play the people on the other end. */
  onAnswered(listener: (request: RecordedRequest, status: number) => void): void {
    this.listeners.push(listener);
  }

  requestsTo(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    const body: unknown = raw === '' ? undefined : JSON.parse(raw);
    const { auth, token } = authOf(req.headers.authorization);
    const userId = token === undefined ? undefined : this.tokens.get(token);
    const method = req.method ?? 'GET';
    const recorded: RecordedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), body, auth, ...(userId ? { userId } : {}) };
    this.requests.push(recorded);

    const scripted = this.takeScripted(method, url.pathname);
    if (scripted === 'hang') return;
    if (scripted === 'reset') {
      req.socket.destroy();
      return;
    }
    if (scripted) return send(res, scripted.status, scripted.body, scripted.headers);

    if (method === 'GET' && url.pathname === '/2/activity/stream') return this.activityStream(req, res, url, token);
    if (userId === undefined) return send(res, 401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
    if (this.users.get(userId)?.suspended) {
      return send(res, 403, { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'Your account is suspended and is not permitted to access this feature.' });
    }
    const answer = this.route(method, url, body, userId);
    if (!answer) return send(res, 404, { title: 'Not Found Error', type: `${PROBLEMS}/resource-not-found`, status: 404, detail: 'Not Found' });
    send(res, answer.status, answer.body);
    for (const listener of this.listeners) listener(recorded, answer.status);
  }

  private activityStream(req: IncomingMessage, res: ServerResponse, url: URL, token: string | undefined): void {
    if (token === undefined || !this.appTokens.has(token)) {
      return send(res, 401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
    }
    const backfill = Number(url.searchParams.get('backfill_minutes') ?? 0);
    if (!Number.isInteger(backfill) || backfill < 0 || backfill > 5) {
      return send(res, 400, { title: 'Invalid Request', type: `${PROBLEMS}/invalid-request`, status: 400, detail: 'backfill_minutes must be between 0 and 5' });
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'transfer-encoding': 'chunked' });
    res.write('\r\n');
    const since = this.now().getTime() - backfill * 60_000;
    if (backfill > 0) for (const { at, event } of this.activity) if (at >= since) res.write(`${JSON.stringify({ data: event })}\r\n`);
    this.streams.add(res);
    req.socket.on('close', () => this.streams.delete(res));
  }

  private takeScripted(method: string, path: string): Scripted | undefined {
    const script = this.scripts.find((s) => (s.method === undefined || s.method === method) && s.path.test(path) && s.replies.length > 0);
    return script?.replies.shift();
  }

  private route(method: string, url: URL, body: unknown, me: string): { status: number; body: unknown } | undefined {
    const path = url.pathname;
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/2/users/me') return ok(this.userView(this.users.get(me)!, me, url));
    if (method === 'GET' && (m = path.match(/^\/2\/users\/by\/username\/([^/]+)$/))) {
      const username = decodeURIComponent(m[1]!);
      const user = [...this.users.values()].find((u) => u.username.toLowerCase() === username.toLowerCase());
      return this.lookup(user, 'username', username, me, url);
    }
    if (method === 'GET' && (m = path.match(/^\/2\/users\/(\d+)$/))) return this.lookup(this.users.get(m[1]!), 'id', m[1]!, me, url);
    if (method === 'POST' && (m = path.match(/^\/2\/users\/(\d+)\/following$/))) {
      const target = (body as { target_user_id?: string } | undefined)?.target_user_id ?? '';
      if (m[1] !== me) return notPermitted();
      if (!this.active(target)) return missingUser(target);
      this.follow(me, target);
      return ok({ following: true, pending_follow: false });
    }
    if (method === 'DELETE' && (m = path.match(/^\/2\/users\/(\d+)\/following\/(\d+)$/))) {
      if (m[1] !== me) return notPermitted();
      if (!this.active(m[2]!)) return missingUser(m[2]!);
      this.follows.delete(`${me}>${m[2]}`);
      return ok({ following: false });
    }
    if ((m = path.match(/^\/2\/dm_conversations\/with\/(\d+)\/(messages|dm_events)$/))) {
      const other = m[1]!;
      if (!this.active(other)) return missingUser(other);
      if (method === 'POST' && m[2] === 'messages') return this.sendDm(me, other, body);
      if (method === 'GET' && m[2] === 'dm_events') return this.dmEvents(me, other, url);
    }
    return undefined;
  }

  private active(id: string): boolean {
    const user = this.users.get(id);
    return user !== undefined && !user.suspended;
  }

  private lookup(user: FakeXUser | undefined, parameter: string, value: string, me: string, url: URL) {
    if (user && !user.suspended) return ok(this.userView(user, me, url));
    const suspended = user?.suspended === true;
    return {
      status: 200,
      body: {
        errors: [
          {
            value,
            detail: suspended ? `User has been suspended: [${value}].` : `Could not find user with ${parameter}: [${value}].`,
            title: suspended ? 'Forbidden' : 'Not Found Error',
            resource_type: 'user',
            parameter,
            resource_id: value,
            type: `${PROBLEMS}/resource-not-found`,
          },
        ],
      },
    };
  }

  private userView(user: FakeXUser, me: string, url: URL) {
    const view: Record<string, unknown> = { id: user.id, name: user.name, username: user.username };
    const fields = (url.searchParams.get('user.fields') ?? '').split(',');
    if (fields.includes('connection_status') && user.id !== me) {
      view.connection_status = [
        ...(this.isFollowing(me, user.id) ? ['following'] : []),
        ...(this.isFollowing(user.id, me) ? ['followed_by'] : []),
      ];
    }
    return view;
  }

  private sendDm(me: string, to: string, body: unknown) {
    const text = (body as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string' || text === '') {
      return { status: 400, body: { title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: `${PROBLEMS}/invalid-request`, errors: [{ message: 'text must not be empty', parameters: { text: [] } }] } };
    }
    const recipient = this.users.get(to)!;
    if (!recipient.dmsOpen && !this.isFollowing(to, me)) {
      return { status: 403, body: { detail: 'You are not permitted to send messages to this user.', type: 'about:blank', title: 'Forbidden', status: 403 } };
    }
    const event = this.dm(me, to, text);
    return { status: 201, body: { data: { dm_conversation_id: event.dm_conversation_id, dm_event_id: event.id } } };
  }

  private dmEvents(me: string, other: string, url: URL) {
    const newestFirst = this.dmsBetween(me, other).sort((a, b) => b.created_at.localeCompare(a.created_at) || Number(BigInt(b.id) - BigInt(a.id)));
    const size = Math.min(Number(url.searchParams.get('max_results') ?? 100), 100);
    const start = Number(url.searchParams.get('pagination_token') ?? 0);
    const page = newestFirst.slice(start, start + size);
    const fields = new Set(['id', 'event_type', 'text', ...(url.searchParams.get('dm_event.fields') ?? '').split(',')]);
    const data = page.map((e) => Object.fromEntries(Object.entries(e).filter(([k]) => fields.has(k))));
    const next = start + size < newestFirst.length ? String(start + size) : undefined;
    const meta = { result_count: page.length, ...(next ? { next_token: next } : {}), ...(start > 0 ? { previous_token: String(Math.max(0, start - size)) } : {}) };
    return ok(data.length > 0 ? data : undefined, meta);
  }
}

function ok(data: unknown, meta?: unknown) {
  return { status: 200, body: { ...(data === undefined ? {} : { data }), ...(meta === undefined ? {} : { meta }) } };
}

function notPermitted() {
  return { status: 403, body: { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'You are not permitted to perform this action.' } };
}

function missingUser(id: string) {
  return { status: 404, body: { title: 'Not Found Error', type: `${PROBLEMS}/resource-not-found`, status: 404, detail: `Could not find user with id: [${id}].` } };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const reset = String(Math.floor(Date.now() / 1000) + 900);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'x-rate-limit-limit': '900',
    'x-rate-limit-remaining': '899',
    'x-rate-limit-reset': reset,
    ...headers,
  });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

function authOf(header: string | undefined): { auth: RecordedRequest['auth']; token?: string } {
  if (!header) return { auth: 'none' };
  if (header.startsWith('Bearer ')) return { auth: 'oauth2', token: header.slice('Bearer '.length) };
  const token = header.match(/oauth_token="([^"]*)"/)?.[1];
  return header.startsWith('OAuth ') && token ? { auth: 'oauth1', token: decodeURIComponent(token) } : { auth: 'none' };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
