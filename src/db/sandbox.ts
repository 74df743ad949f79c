import type { Knex } from 'knex';
import type { Channel } from '../sequences/model';
import type { SandboxOutboxRow, Timestamp } from './tables';

export interface NewSandboxSend {
  idempotencyKey: string;
  channel: Channel;
  action: string;
  personId: string;
  senderAccountId?: string;
  subject?: string;
  body?: string;
  /** Generated (`sandbox-<uuid>`) when omitted. */
  providerMessageId?: string;
  sentAt?: Timestamp;
}

export interface SandboxSend {
  id: string;
  idempotencyKey: string;
  channel: Channel;
  action: string;
  personId: string;
  senderAccountId: string | null;
  subject: string | null;
  body: string | null;
  providerMessageId: string;
  sentAt: Date;
}

/** Records a send once per idempotency key; a retry gets the first send back unchanged. */
export async function recordSandboxSend(db: Knex, s: NewSandboxSend): Promise<SandboxSend> {
  const [inserted] = await db('sandbox_outbox')
    .insert({
      idempotency_key: s.idempotencyKey,
      channel: s.channel,
      action: s.action,
      person_id: s.personId,
      sender_account_id: s.senderAccountId ?? null,
      subject: s.subject ?? null,
      body: s.body ?? null,
      ...(s.providerMessageId === undefined ? {} : { provider_message_id: s.providerMessageId }),
      ...(s.sentAt === undefined ? {} : { sent_at: new Date(s.sentAt) }),
    })
    .onConflict('idempotency_key')
    .ignore()
    .returning('*');
  const row = inserted ?? (await db('sandbox_outbox').where({ idempotency_key: s.idempotencyKey }).first());
  if (!row) throw new Error(`sandbox send ${s.idempotencyKey} neither inserted nor found`);
  return toSandboxSend(row);
}

export async function listSandboxSends(db: Knex, personId: string): Promise<SandboxSend[]> {
  const rows = await db('sandbox_outbox').where({ person_id: personId }).orderBy(['sent_at', 'id']);
  return rows.map(toSandboxSend);
}

/** The scripted behaviour of a sandbox lead (replies, follow-backs...); its shape belongs to the sandbox. */
export async function getSandboxScript(db: Knex, personId: string): Promise<unknown> {
  const row = await db('sandbox_scripts').where({ person_id: personId }).first();
  return row?.script;
}

export async function setSandboxScript(db: Knex, personId: string, script: unknown): Promise<void> {
  // Stringified because node-postgres would send a top-level array as a Postgres array, not JSON.
  await db('sandbox_scripts')
    .insert({ person_id: personId, script: JSON.stringify(script) })
    .onConflict('person_id')
    .merge();
}

function toSandboxSend(row: SandboxOutboxRow): SandboxSend {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    channel: row.channel,
    action: row.action,
    personId: row.person_id,
    senderAccountId: row.sender_account_id,
    subject: row.subject,
    body: row.body,
    providerMessageId: row.provider_message_id,
    sentAt: row.sent_at,
  };
}
