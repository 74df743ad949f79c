import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { listEvents } from '../../src/db/events';
import { runChain } from './journeys';

/** A credential value no test data or provider answer could contain by chance. */
export function distinctSecret(label: string): string {
  return `${label}-secret-${randomUUID()}`;
}

export interface NoSecretsCheck {
  client: Client;
  db: Knex;
  workflowIds: string[];
  secrets: string[];
  /** Console output captured while the journeys ran. */
  logs?: string;
}

/**
 * Fails if any secret, as text or base64, appears in the journeys' histories (every run, payloads decoded),
 * their events or enrollments, or the logs.
 */
export async function assertNoSecrets(check: NoSecretsCheck): Promise<void> {
  assert.ok(check.workflowIds.length > 0 && check.secrets.length > 0);
  const enrollments = await check.db('enrollments').whereIn('workflow_id', check.workflowIds);
  assert.equal(enrollments.length, check.workflowIds.length, 'every journey has an enrollment');
  const places: [string, string][] = [['enrollments', JSON.stringify(enrollments)]];
  for (const row of enrollments) {
    const history = await historyText(check.client, row.workflow_id);
    // The start input is a JSON payload; finding one of its fields proves the payloads were decoded.
    assert.ok(history.includes(`"personId":"${row.person_id}"`), `the decoded history of ${row.workflow_id} holds its input`);
    const events = await listEvents(check.db, row.workflow_id);
    assert.ok(events.length > 0, `${row.workflow_id} recorded events`);
    places.push([`history of ${row.workflow_id}`, history], [`events of ${row.workflow_id}`, JSON.stringify(events)]);
  }
  if (check.logs !== undefined) places.push(['logs', check.logs]);

  for (const [where, text] of places) {
    const lower = text.toLowerCase();
    for (const secret of check.secrets) {
      const at = lower.indexOf(secret.toLowerCase());
      assert.ok(at < 0, `secret ${secret} appears in the ${where}: ...${text.slice(Math.max(0, at - 200), at + 200)}...`);
      for (const encoded of base64Forms(secret)) assert.ok(!text.includes(encoded), `secret ${secret} appears base64-encoded in the ${where}`);
    }
  }
}

/** Every run's history as text, with each bytes field (payload data and metadata) decoded as UTF-8. */
export async function historyText(client: Client, workflowId: string): Promise<string> {
  const parts: string[] = [];
  for (const { runId } of await runChain(client.workflow.getHandle(workflowId))) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    assert.ok((history.events ?? []).length > 0, `run ${runId} of ${workflowId} has a history`);
    collectText(history, parts);
  }
  return parts.join('\n');
}

function collectText(value: unknown, out: string[]): void {
  if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'));
  else if (typeof value === 'string') out.push(value);
  else if (value !== null && typeof value === 'object') {
    for (const [key, field] of Object.entries(value)) {
      out.push(key);
      collectText(field, out);
    }
  }
}

/** The part of the secret's base64 that does not depend on the bytes around it, at each of the three alignments. */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret);
  return [0, 1, 2].map((pad) => {
    const encoded = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    return encoded.slice(pad === 0 ? 0 : 4, Math.floor((pad + bytes.length) / 3) * 4);
  });
}

export interface CapturedOutput {
  text(): string;
  stop(): void;
}

/** Records what is written to stdout and stderr (still passing it through) until stopped. */
export function captureOutput(): CapturedOutput {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  for (const stream of streams) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
  return {
    text: () => chunks.join(''),
    stop() {
      streams.forEach((stream, i) => (stream.write = originals[i] as typeof stream.write));
    },
  };
}
