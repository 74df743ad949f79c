import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';

const TERMINAL = ['completed', 'failed', 'cancelled'];

/** Polls the enrollments table until every journey of the sequence has ended. */
export async function waitForJourneys(
  db: Knex,
  sequenceName: string,
  expected: number,
  onProgress: (done: number) => void,
): Promise<void> {
  for (;;) {
    const row = await db('enrollments as e')
      .join('sequences as s', 's.id', 'e.sequence_id')
      .where('s.name', sequenceName)
      .whereIn('e.status', TERMINAL)
      .count<{ count: string }>({ count: '*' })
      .first();
    const done = Number(row?.count ?? 0);
    onProgress(done);
    if (done >= expected) return;
    await sleep(500);
  }
}
