import type { Knex } from 'knex';
import { recordJourneyProgress, recordJourneyStart } from '../src/db/enrollments';
import { appendEvent } from '../src/db/events';
import type { JourneyEvent, JourneyProgress, JourneyRecord, JourneyRecordV0, JourneyRef, JourneyWrite } from '../workflows/activity-contract';
import { journeyEventRow, keyedEventRow } from './journey-events';

/** Writes a journey's start, events and progress in one transaction; every part is idempotent. */
export async function recordJourney(db: Knex, record: JourneyRecord | JourneyRecordV0): Promise<void> {
  await db.transaction(async (trx) => {
    if ('journey' in record) await writeAll(trx, record.journey, record);
    else await recordV0(trx, record);
  });
}

/** The start, if this is the journey's first write, then the events, then the progress. */
export async function writeAll(db: Knex, journey: JourneyRef, write: JourneyWrite): Promise<void> {
  if (write.startedAt !== undefined) await recordJourneyStart(db, { ...journey, startedAt: write.startedAt });
  await writeEvents(db, journey, write.events);
  if (write.progress) await writeProgress(db, journey, write.progress);
}

export async function writeEvents(db: Knex, journey: JourneyRef, events: JourneyEvent[]): Promise<void> {
  for (const event of events) await appendEvent(db, journeyEventRow(journey, event));
}

export async function writeProgress(db: Knex, journey: JourneyRef, progress: JourneyProgress): Promise<void> {
  await recordJourneyProgress(db, { workflowId: journey.workflowId, ...progress });
}

async function recordV0(db: Knex, record: JourneyRecordV0): Promise<void> {
  if (record.start) await recordJourneyStart(db, record.start);
  for (const event of record.events) await appendEvent(db, keyedEventRow(event));
  if (record.progress) await recordJourneyProgress(db, record.progress);
}
