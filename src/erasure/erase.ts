import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { describeError } from '../errors/describe';
import { suppress } from '../suppression/suppress';
import { blankedColumns } from './blank-columns';
import { deleteHistories, endJourneys, type DeletedHistories, type EndedJourneys } from './journeys';
import { findSubject, inboundEventsFrom, type ErasureSubject, type ErasureTarget } from './person';
import { ERASURE_PLAN, type ErasureScope, type TableErasure } from './plan';

export interface ErasureDeps {
  db: Knex;
  /** The suppression key (src/suppression/key.ts). */
  key: Buffer;
  /** Runs work with a Temporal client; only called when the person has journeys. */
  withTemporal: <T>(work: (client: Client) => Promise<T>) => Promise<T>;
  /** How long cancelled journeys get to end before they are terminated (default 10 s). */
  endWaitMs?: number;
}

export interface ErasureReport {
  /** Null when the identifier asked for was erased before (nobody holds it any more). */
  personId: string | null;
  /** Persons merged into them, erased with them. */
  mergedPersons: string[];
  /** When an earlier erasure of the person ran. */
  erasedBefore: Date | null;
  /** `erased` suppressions added, one per identifier (an identifier already suppressed globally keeps its own). */
  suppressionsAdded: number;
  /** Rows deleted or blanked, per table, in ERASURE_PLAN's order. */
  tables: Record<string, number>;
  journeys: (EndedJourneys & DeletedHistories) | { error: string };
  /** True when this run found nothing to erase. */
  nothingLeft: boolean;
}

const NO_JOURNEYS = { ended: 0, terminated: 0, runsDeleted: 0, stillShown: 0 };

/**
 * Erases a person: suppresses every identifier they hold (reason `erased`, kept as keyed hashes, so they are
 * never contacted again), ends their running journeys, blanks or deletes their rows (ERASURE_PLAN), then
 * deletes their journeys' Temporal histories. Safe to run again: what is gone is not counted. Should Temporal
 * be away, the database is erased all the same and the report says so; a later run finishes the rest.
 */
export async function erasePerson(deps: ErasureDeps, target: ErasureTarget): Promise<ErasureReport> {
  const subject = await findSubject(deps.db, deps.key, target);
  const outcome = await suppress(
    deps,
    subject.identifiers.map((identifier) => ({ identifier, scope: { scope: 'global' as const }, reason: 'erased' as const, source: 'erasure' })),
  );
  let journeys: ErasureReport['journeys'] = NO_JOURNEYS;
  let ended: EndedJourneys = NO_JOURNEYS;
  if (subject.workflowIds.length > 0) {
    try {
      ended = await deps.withTemporal((client) => endJourneys(client, subject.workflowIds, deps.endWaitMs));
    } catch (error) {
      journeys = { error: describeError(error).message };
    }
  }
  const tables = await eraseRows(deps.db, subject);
  if (subject.workflowIds.length > 0 && !('error' in journeys)) {
    try {
      journeys = { ...ended, ...(await deps.withTemporal((client) => deleteHistories(client, subject.workflowIds))) };
    } catch (error) {
      journeys = { error: describeError(error).message };
    }
  }
  const counted = Object.values(tables).reduce((a, b) => a + b, 0) + outcome.added.length;
  const temporalWork = 'error' in journeys ? 1 : journeys.ended + journeys.terminated + journeys.runsDeleted;
  return {
    personId: subject.personId,
    mergedPersons: subject.personIds.slice(1),
    erasedBefore: subject.erasedAt,
    suppressionsAdded: outcome.added.length,
    tables,
    journeys,
    nothingLeft: counted + temporalWork === 0,
  };
}

/** Every table's part in one transaction, which names the persons for the events trigger (migration 20261202001000). */
async function eraseRows(db: Knex, subject: ErasureSubject): Promise<Record<string, number>> {
  return db.transaction(async (trx) => {
    await trx.raw("select set_config('outreach.erasing_persons', ?, true)", [`{${subject.personIds.join(',')}}`]);
    const scope: ErasureScope = { personIds: subject.personIds, inboundEventIds: await inboundEventsFrom(trx, subject) };
    const tables: Record<string, number> = {};
    for (const entry of ERASURE_PLAN) tables[entry.table] = await eraseTable(trx, entry, scope);
    return tables;
  });
}

async function eraseTable(trx: Knex.Transaction, entry: TableErasure, scope: ErasureScope): Promise<number> {
  if (entry.erase === 'delete') return entry.rows(trx, scope).delete();
  const values = { ...(await blankedColumns(trx, entry.table, entry.keep)), ...entry.set?.(trx) };
  return entry.rows(trx, scope).update(values);
}
