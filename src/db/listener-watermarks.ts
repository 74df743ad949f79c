import type { Knex } from 'knex';

export type WatermarkKind = 'imap-idle' | 'xmtp-stream';

export interface Watermark {
  /** A UID (IMAP) or nanoseconds since the epoch (XMTP), as text. */
  watermark: string;
  /** IMAP only: the UIDVALIDITY the UID belongs to. */
  uidValidity: string | null;
  updatedAt: Date;
}

interface WatermarkRow {
  sender_account_id: string;
  kind: WatermarkKind;
  watermark: string;
  uidvalidity: string | null;
  updated_at: Date;
}

export async function readWatermark(db: Knex, senderAccountId: string, kind: WatermarkKind): Promise<Watermark | undefined> {
  const row = await db<WatermarkRow>('listener_watermarks').where({ sender_account_id: senderAccountId, kind }).first();
  return row && { watermark: row.watermark, uidValidity: row.uidvalidity, updatedAt: row.updated_at };
}

/** Records how far the listener has delivered; the caller advances it only after delivering up to it. */
export async function saveWatermark(
  db: Knex,
  senderAccountId: string,
  kind: WatermarkKind,
  mark: { watermark: string; uidValidity?: string | null },
): Promise<void> {
  const values = { watermark: mark.watermark, uidvalidity: mark.uidValidity ?? null, updated_at: db.fn.now() };
  await db('listener_watermarks')
    .insert({ sender_account_id: senderAccountId, kind, ...values })
    .onConflict(['sender_account_id', 'kind'])
    .merge(values);
}
