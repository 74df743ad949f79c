import assert from 'node:assert/strict';
import { temporal } from '@temporalio/proto';
import { getEnrollment } from '../../src/db/enrollments';
import { LEAN_BOOKKEEPING } from '../../workflows/books';
import { journeyStateQuery } from '../../workflows/contract';
import { HEARS_EVENTS } from '../../workflows/heard';
import {
  DAY,
  SIX_HOURS,
  compileSequence,
  createLead,
  eventsOf,
  eventually,
  journeyRecords,
  journeyWorker,
  skipTo,
  startJourney,
  stateWhen,
  uniqueName,
  useJourneyHarness,
} from '../support/journeys';

const EventType = temporal.api.enums.v1.EventType;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const ONE_DM = `
templates:
  hello: { body: "hello" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
edges:
  - { from: dm, trigger: REPLIED, within: 3d }
  - { from: dm, trigger: NOT_REPLIED }
`;

/** The history split at each scheduled check: what the journey spent from one check up to the next. */
function ticksBetweenChecks(events: HistoryEvent[]): HistoryEvent[][] {
  const isCheck = (e: HistoryEvent) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'checkOutcomes';
  const ticks: HistoryEvent[][] = [];
  let current: HistoryEvent[] | undefined;
  for (const e of events) {
    if (current) current.push(e);
    if (isCheck(e)) {
      if (current) ticks.push(current);
      current = [];
    }
  }
  return ticks;
}

const count = (events: HistoryEvent[], type: temporal.api.enums.v1.EventType) => events.filter((e) => e.eventType === type).length;

describe('Temporal actions of a waiting journey', function () {
  this.timeout(120_000);
  const h = useJourneyHarness();

  it('spends one timer and one check per waiting tick: no progress activity, no search-attribute upsert', async () => {
    const graph = compileSequence(ONE_DM);
    const personId = await createLead(h.db);
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    const { handle, state } = await worker.runUntil(async () => {
      const handle = await startJourney(h, taskQueue, graph, personId);
      return { handle, state: await handle.result() };
    });
    assert.equal(state.status, 'completed');
    const { events: logged } = await journeyRecords(h.db, graph.name, personId);
    assert.equal(eventsOf(logged, 'check_done').length, 12, 'a check on every 6-hour tick of the 3-day window');

    const events = (await handle.fetchHistory()).events ?? [];
    const ticks = ticksBetweenChecks(events);
    assert.equal(ticks.length, 11);
    for (const [i, tick] of ticks.entries()) {
      const spent = {
        timers: count(tick, EventType.EVENT_TYPE_TIMER_STARTED),
        activities: count(tick, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
        upserts: count(tick, EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES),
      };
      assert.deepEqual(spent, { timers: 1, activities: 1, upserts: 0 }, `tick ${i + 2}`);
    }

    const activities = events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    assert.deepEqual(activities, ['beginJourney', 'takeSendSlot', 'sendAction', ...Array<string>(12).fill('checkOutcomes'), 'recordJourney']);
    assert.equal(count(events, EventType.EVENT_TYPE_TIMER_STARTED), 13, 'the first tick, then one per check');
    const upserted = events.flatMap((e) => {
      const fields = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
      return fields ? [Object.keys(fields)] : [];
    });
    // Core marks each patch a run takes in TemporalChangeVersion, once per run; the journey itself upserts its
    // status once, at the end.
    assert.deepEqual(upserted, [['TemporalChangeVersion'], ['TemporalChangeVersion'], ['OutreachStatus']]);
    const markers = events.flatMap((e) => {
      const details = e.markerRecordedEventAttributes?.details;
      return details ? [Object.values(details).flatMap((d) => d.payloads ?? []).map((p) => Buffer.from(p.data as Uint8Array).toString())] : [];
    });
    assert.equal(markers.length, 2);
    assert.match(markers[0]!.join(), new RegExp(LEAN_BOOKKEEPING));
    assert.match(markers[1]!.join(), new RegExp(HEARS_EVENTS));
  });

  it('keeps the enrollment and the search attributes in step with the journey without writes of their own', async () => {
    const graph = compileSequence(ONE_DM);
    const personId = await createLead(h.db);
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    await worker.runUntil(async () => {
      const handle = await startJourney(h, taskQueue, graph, personId);
      const entered = await stateWhen(handle, 'the first tick planned', (s) => s.nextActionAt !== null);
      const first = await getEnrollment(h.db, handle.workflowId);
      assert.deepEqual([first?.status, first?.currentNode, first?.nextActionAt?.toISOString()], ['waiting', 'dm', entered.nextActionAt]);

      await skipTo(h.env, Date.parse(entered.nextActionAt as string) + DAY + 60_000);
      const waiting = await stateWhen(handle, 'checking', (s) => s.sent.length === 1 && s.history.length > 0);
      const sentAt = Date.parse(waiting.sent[0]!.sentAt);
      const nextCheck = await eventually('the enrollment at the next check', async () => {
        const now = await handle.query(journeyStateQuery);
        const row = await getEnrollment(h.db, handle.workflowId);
        return row?.nextActionAt?.toISOString() === now.nextActionAt ? row : undefined;
      });
      assert.equal(nextCheck.status, 'waiting');
      assert.equal((nextCheck.nextActionAt!.getTime() - sentAt) % SIX_HOURS, 0);
      assert.ok(nextCheck.nextActionAt!.getTime() > sentAt + DAY);

      const described = await handle.describe();
      const attributes = described.typedSearchAttributes;
      assert.deepEqual(
        [attributes.getAll().find((p) => p.key.name === 'OutreachNode')?.value, attributes.getAll().find((p) => p.key.name === 'OutreachStatus')?.value],
        ['dm', 'waiting'],
      );
      await handle.result();
    });
    const { enrollment } = await journeyRecords(h.db, graph.name, personId);
    assert.deepEqual([enrollment.status, enrollment.endReason, enrollment.nextActionAt], ['completed', 'NOT_REPLIED after "dm"', null]);
  });
});
