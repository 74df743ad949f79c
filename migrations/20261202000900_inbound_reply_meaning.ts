import type { Knex } from 'knex';

/**
 * What an inbound reply says and what it means: its text (bounded; erasure clears it with the event), the
 * subject and the header fields the classifier reads, and the classification (src/replies/classify.ts).
 * New resolutions for replies no journey is told of: `not-a-reply` (a bounce or an automatic answer),
 * `out-of-office` (the journeys' next message waits for the return day) and `opted-out` (suppressed).
 */
const BEFORE = ['delivered', 'nobody', 'no-journey', 'not-an-observation'];
const AFTER = [...BEFORE, 'not-a-reply', 'out-of-office', 'opted-out'];

const resolutionCheck = (values: string[]) => `check (resolution in (${values.map((v) => `'${v}'`).join(', ')}))`;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('inbound_events', (t) => {
    t.text('text');
    t.text('subject');
    t.jsonb('headers');
    t.jsonb('meaning');
  });
  await knex.raw(`alter table inbound_events drop constraint inbound_events_resolution_check,
    add constraint inbound_events_resolution_check ${resolutionCheck(AFTER)}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`update inbound_events set resolution = 'not-an-observation' where resolution in ('not-a-reply', 'out-of-office', 'opted-out')`);
  await knex.raw(`alter table inbound_events drop constraint inbound_events_resolution_check,
    add constraint inbound_events_resolution_check ${resolutionCheck(BEFORE)}`);
  await knex.schema.alterTable('inbound_events', (t) => {
    t.dropColumn('meaning');
    t.dropColumn('headers');
    t.dropColumn('subject');
    t.dropColumn('text');
  });
}
