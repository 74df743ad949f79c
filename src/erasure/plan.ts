import type { Knex } from 'knex';
import { arrayBinding } from '../db/array-binding';

/** Whom an erasure covers, found before anything is erased (src/erasure/person.ts). */
export interface ErasureScope {
  /** The person and every person merged into them (their events and journeys still name those ids). */
  personIds: readonly string[];
  /** The inbound events that came from the person, found by person id or by an identifier they held. */
  inboundEventIds: readonly string[];
}

/** Keys of an event's `detail` that name no one (ids, vocabulary, times); every other key is dropped. */
const KEPT_DETAIL_KEYS = [
  'action', 'provider', 'variant', 'template', 'observation', 'positive', 'via', 'trigger', 'to', 'from',
  'scope', 'suppression_id', 'sequence', 'version', 'status', 'looked_for', 'seen', 'requestedAt', 'releasedAt',
];

/** What an erased journey's enrollment gives as its end reason, and what its running journeys are cancelled with. */
export const ERASED_END_REASON = 'erased';

interface DeletedRows {
  table: string;
  erase: 'delete';
  /** The person's rows. */
  rows: (db: Knex, scope: ErasureScope) => Knex.QueryBuilder;
}

/**
 * Rows kept (counts and reports still add them up) with their personal data blanked: every text, JSON and
 * array column not in `keep` is emptied (null, or '' / '{}' where the column is not nullable), so a column
 * added to the table later is erased too without a change here; `set` gives a column another value.
 */
interface RedactedRows {
  table: string;
  erase: 'redact';
  /** The person's rows that still hold something to erase (a second run finds none). */
  rows: (db: Knex, scope: ErasureScope) => Knex.QueryBuilder;
  keep: readonly string[];
  set?: (db: Knex) => Record<string, Knex.Value | Knex.Raw>;
}

export type TableErasure = DeletedRows | RedactedRows;

const ofPersons = (column = 'person_id') => (db: Knex, scope: ErasureScope) => (table: string) =>
  db(table).whereRaw(`${column} = any(?::bigint[])`, [arrayBinding(scope.personIds)]);

const deleted = (table: string): DeletedRows => ({ table, erase: 'delete', rows: (db, scope) => ofPersons()(db, scope)(table) });

/**
 * Everything erasure takes, table by table, in order. A table that gains a column holding personal data needs
 * nothing here when it is redacted (see RedactedRows); a new table with a person's rows gets a line.
 * test/erasure/erase.test.ts scans every text and JSON column of every table for the person's identifiers.
 */
export const ERASURE_PLAN: readonly TableErasure[] = [
  deleted('emails'),
  deleted('x_profiles'),
  deleted('linkedin_profiles'),
  deleted('crypto_addresses'),
  deleted('identity_links'),
  deleted('audience_members'),
  deleted('sandbox_outbox'),
  deleted('sandbox_scripts'),
  deleted('sender_assignments'),
  {
    table: 'inbound_events',
    erase: 'redact',
    rows: (db, scope) => db('inbound_events').whereRaw('id = any(?::bigint[])', [arrayBinding(scope.inboundEventIds)]),
    // What makes a repeat of the event recognisable (so it is not stored again), and our own message id.
    keep: ['origin', 'provider_event_id', 'type', 'in_reply_to', 'resolution'],
  },
  {
    table: 'events',
    erase: 'redact',
    // Append-only: its trigger lets this transaction (outreach.erasing_persons) only drop detail keys and the provider id.
    rows: (db, scope) => ofPersons()(db, scope)('events').whereRaw("detail -> 'erased' is null"),
    keep: ['event_key', 'workflow_id', 'node_id', 'type', 'channel'],
    set: (db) => ({
      detail: db.raw(
        `jsonb_build_object('erased', true) || coalesce((select jsonb_object_agg(d.key, d.value) from jsonb_each(detail) d where d.key = any(?::text[])), '{}'::jsonb)`,
        [arrayBinding(KEPT_DETAIL_KEYS)],
      ),
    }),
  },
  {
    table: 'enrollments',
    erase: 'redact',
    rows: (db, scope) => ofPersons()(db, scope)('enrollments').whereRaw('end_reason is distinct from ?', [ERASED_END_REASON]),
    keep: ['workflow_id', 'current_node', 'variant_choices'],
    // A journey that did not end when told (Temporal away) is ended here; its workflow is deleted next time.
    set: (db) => ({
      end_reason: ERASED_END_REASON,
      status: db.raw("case when status in ('completed', 'failed', 'cancelled', 'skipped') then status else 'cancelled' end"),
      next_action_at: null,
      ended_at: db.raw('coalesce(ended_at, now())'),
    }),
  },
  {
    table: 'persons',
    erase: 'redact',
    rows: (db, scope) => ofPersons('id')(db, scope)('persons').whereNull('erased_at'),
    keep: [],
    set: (db) => ({ erased_at: db.raw('now()') }),
  },
];
