import type { Knex } from 'knex';
import { recordJourneyProgress, recordJourneyStart } from '../src/db/enrollments';
import { appendEvent } from '../src/db/events';
import type { JourneyRecord } from '../workflows/activity-contract';

/** Writes a journey's start, progress and events in one transaction; every part is idempotent. */
export async function recordJourney(db: Knex, record: JourneyRecord): Promise<void> {
  await db.transaction(async (trx) => {
    if (record.start) await recordJourneyStart(trx, record.start);
    for (const event of record.events) await appendEvent(trx, event);
    if (record.progress) await recordJourneyProgress(trx, record.progress);
  });
}
