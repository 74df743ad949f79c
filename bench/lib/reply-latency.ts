import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import { Webhook } from 'standardwebhooks';
import { forEachLimited } from '../../src/util/pool';
import { within } from './within';

/** How often the events table is read for new branch rows. */
export const POLL_MS = 5;

interface Reply {
  workflowId: string;
  email: string;
}

/** Milliseconds from the start of a reply's POST. */
interface ReplyTimes {
  /** Its 200: the event stored (delivery runs after the answer). */
  answered: number;
  /** The event's delivered_at: its journey signalled. */
  signalled: number;
  /** The branch_taken row's recorded_at: the start of the transaction that wrote it. */
  recorded: number;
  /** The poll that first saw that row. */
  seen: number;
}

interface Post {
  /** Epoch milliseconds. */
  at: number;
  webhookId: string;
  /** Milliseconds to its 200. */
  answered: number;
}

interface ReplyOptions {
  /** The ingest service, `http://host:port`. */
  address: string;
  secret: string;
  /** The sender account the replies reached (`data.account`). */
  account: string;
  replies: Reply[];
  /** Replies in flight at once, each from its POST until its branch row is seen. */
  concurrency: number;
  timeoutMs: number;
}

// Epoch milliseconds with a fraction, comparable with Postgres' timestamps.
const nowMs = () => performance.timeOrigin + performance.now();

function signed(secret: string, id: string, payload: string): Record<string, string> {
  const at = new Date();
  const signature = new Webhook(secret).sign(id, at, payload);
  return { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature };
}

/**
 * Posts one signed `email.reply.received` per reply to POST /webhooks/events, `concurrency` replies in
 * flight, while the events table is polled every POLL_MS for the REPLIED branch rows of those in flight.
 */
export async function replyLatencies(db: Knex, opts: ReplyOptions): Promise<{ times: ReplyTimes[]; meanPollMs: number }> {
  const posted = new Map<string, Post>();
  const branched = new Map<string, { recorded: number; seen: number }>();
  // Looked up by journey, not by an id cursor: concurrent writes commit out of id order.
  const waiting = new Map<string, () => void>();
  let polls = 0;
  let stop = false;
  const pollingSince = performance.now();

  async function poll(): Promise<void> {
    while (!stop) {
      const rows: { workflow_id: string; recorded_at: Date }[] =
        waiting.size === 0
          ? []
          : await db('events')
              .whereIn('workflow_id', [...waiting.keys()])
              .where('type', 'branch_taken')
              .whereRaw("detail->>'trigger' = 'REPLIED'")
              .select('workflow_id', 'recorded_at');
      const seen = nowMs();
      polls++;
      for (const row of rows) {
        branched.set(row.workflow_id, { recorded: row.recorded_at.getTime(), seen });
        waiting.get(row.workflow_id)?.();
        waiting.delete(row.workflow_id);
      }
      await sleep(POLL_MS);
    }
  }

  const polling = poll();
  polling.catch(() => {});
  const late = () => `${waiting.size} journeys not branched ${opts.timeoutMs / 1000} s after their reply`;
  try {
    await forEachLimited(opts.replies, opts.concurrency, async ({ workflowId, email }) => {
      const payload = JSON.stringify({ type: 'email.reply.received', timestamp: new Date().toISOString(), data: { account: opts.account, from: email } });
      const webhookId = `msg_${randomUUID()}`;
      const headers = signed(opts.secret, webhookId, payload);
      const branch = new Promise<void>((resolve) => waiting.set(workflowId, resolve));
      const post: Post = { at: nowMs(), webhookId, answered: 0 };
      posted.set(workflowId, post);
      const response = await fetch(`${opts.address}/webhooks/events`, { method: 'POST', headers, body: payload });
      post.answered = nowMs() - post.at;
      const text = await response.text();
      if (!response.ok) throw new Error(`POST /webhooks/events: ${response.status} ${text}`);
      await within(opts.timeoutMs, late, Promise.race([branch, polling]));
    });
  } finally {
    stop = true;
    await polling;
  }
  const meanPollMs = (performance.now() - pollingSince) / Math.max(1, polls);
  const delivered = new Map<string, number>();
  const rows: { provider_event_id: string; delivered_at: Date }[] = await db('inbound_events').where({ origin: 'webhook' }).select('provider_event_id', 'delivered_at');
  for (const row of rows) delivered.set(row.provider_event_id, row.delivered_at.getTime());
  const times = opts.replies.map(({ workflowId }) => {
    const post = posted.get(workflowId) as Post;
    const branch = branched.get(workflowId) as { recorded: number; seen: number };
    const since = (at: number) => at - post.at;
    return { answered: post.answered, signalled: since(delivered.get(post.webhookId) as number), recorded: since(branch.recorded), seen: since(branch.seen) };
  });
  return { times, meanPollMs };
}
