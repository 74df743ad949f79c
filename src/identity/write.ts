import type { Knex } from 'knex';
import { lockGraph } from '../db/graph-session';
import { allocatePersonIds } from '../db/graph-writes';
import { groupRows } from './group';
import { planBatch, type BatchPlan } from './plan';
import type { ImportRow } from './row';
import { applyPlan, lookupKnown } from './store';

/**
 * The one way persons are written, whatever the way in (a CSV import, a leads file): each row is found by
 * any identifier the graph already has, new identifiers on a found person are kept, a row whose identifiers
 * belong to two persons merges them (the younger into the older), and a row nobody holds becomes a new
 * person. Names and attributes follow combineFields (the newest word wins, blanks erase nothing). Runs in
 * the caller's transaction, which it locks against other writers of the graph until it ends. `source` names
 * the input in the identity links the rows add (`csv:people.csv`; each link adds its row's line).
 */
export async function writeRows(trx: Knex.Transaction, rows: readonly ImportRow[], source: string): Promise<BatchPlan> {
  await lockGraph(trx);
  const known = await lookupKnown(trx, rows);
  const components = groupRows(rows, known.owners);
  const ids = await allocatePersonIds(trx, components.filter((c) => c.existing.length === 0).length);
  const plan = planBatch(components, known, ids);
  await applyPlan(trx, plan, source);
  return plan;
}
