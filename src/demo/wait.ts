import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import { countInStatus } from '../db/journey-status';
import { TERMINAL_STATUSES } from '../../workflows/vocabulary';

/** Polls the enrollments table until every journey of the sequence has ended. */
export async function waitForJourneys(
  db: Knex,
  sequenceName: string,
  expected: number,
  onProgress: (done: number) => void,
): Promise<void> {
  for (;;) {
    const done = await countInStatus(db, sequenceName, TERMINAL_STATUSES);
    onProgress(done);
    if (done >= expected) return;
    await sleep(500);
  }
}
