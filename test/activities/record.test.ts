import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createActivities } from '../../activities';
import { eventKey } from '../../activities/journey-events';
import { sandboxChannels } from '../../src/channels/sandbox';
import { getEnrollment } from '../../src/db/enrollments';
import { listEvents } from '../../src/db/events';
import type { JourneyRecordV0 } from '../../workflows/activity-contract';
import { journeyFixture, unique } from '../db/fixtures';
import { testDb } from '../support/database';
import { ensureSandboxSenders, SIX_HOURS } from '../support/journeys';
import { historyFromObject } from '../replay/history-json';

const HISTORIES = path.resolve(__dirname, '../fixtures/histories');

/** The recordJourney inputs a saved history scheduled, as the worker that recorded it sent them. */
function scheduledRecords(file: string): string[] {
  const history = historyFromObject(JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')));
  return (history.events ?? []).flatMap((e) => {
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name !== 'recordJourney') return [];
    return [Buffer.from(scheduled.input!.payloads![0]!.data!).toString()];
  });
}

async function activitiesFor(tickMs = SIX_HOURS) {
  const db = await testDb();
  return { db, activities: createActivities({ db, channels: sandboxChannels(db), tickMs }) };
}

describe('journey bookkeeping activities', () => {
  it('accepts recordJourney inputs scheduled by workers before the contract had types of its own, keys included', async () => {
    const { db, activities } = await activitiesFor();
    const { versionId, personId } = await journeyFixture(db);
    const workflowId = unique('journey');
    const saved = scheduledRecords('follow-back-then-reply.run1.json');
    const oldWorkflowId = (JSON.parse(saved[0]!) as JourneyRecordV0).start!.workflowId;
    const records = saved.map(
      (json) =>
        JSON.parse(
          json
            .replaceAll(oldWorkflowId, workflowId)
            .replaceAll('"sequenceVersionId":"1"', `"sequenceVersionId":"${versionId}"`)
            .replaceAll('"personId":"1"', `"personId":"${personId}"`),
        ) as JourneyRecordV0,
    );
    for (const record of records) await activities.recordJourney(record);

    const keyed = records.flatMap((r) => r.events);
    const written = await listEvents(db, workflowId);
    assert.deepEqual(written.map((e) => e.eventKey).sort(), keyed.map((e) => e.eventKey).sort());
    const last = records.at(-1)!.progress!;
    const enrollment = await getEnrollment(db, workflowId);
    assert.deepEqual([enrollment?.status, enrollment?.currentNode, enrollment?.endReason], [last.status, last.currentNode, last.endReason]);

    // The same events as today's workflow reports them get the same keys, so a deploy writes none twice.
    for (const event of keyed.filter((e) => e.nodeId !== undefined && e.visit !== undefined)) {
      const qualifier = event.type === 'variant_chosen' ? String(event.detail?.template) : undefined;
      const rebuilt = eventKey(workflowId, { nodeId: event.nodeId!, visit: event.visit!, type: event.type, ...(qualifier === undefined ? {} : { qualifier }) });
      assert.equal(rebuilt, event.eventKey);
    }
  });

  it('begins a journey in one write: enrollment, first events, and the first action on the first tick at or after the start', async () => {
    const { db, activities } = await activitiesFor();
    const { versionId, personId } = await journeyFixture(db);
    const journey = { workflowId: unique('journey'), sequenceVersionId: versionId, personId };
    const startedAt = '2026-03-01T09:15:00.000Z';
    const input = {
      journey,
      startedAt,
      events: [
        { type: 'journey_started' as const, nodeId: 'dm', visit: 0, detail: { sequence: 's', version: 1 }, occurredAt: startedAt },
        { type: 'node_entered' as const, nodeId: 'dm', visit: 1, detail: { action: 'SEND_TWITTER_DM' }, occurredAt: startedAt },
      ],
      progress: { currentNode: 'dm', visit: 1, status: 'waiting' as const, variantChoices: { hello: 'a' }, at: startedAt },
    };
    const begun = await activities.beginJourney(input);
    assert.deepEqual(begun, { tickMs: SIX_HOURS, nextActionAt: '2026-03-01T12:00:00.000Z' });
    await activities.beginJourney(input);

    const enrollment = await getEnrollment(db, journey.workflowId);
    assert.deepEqual(
      [enrollment?.status, enrollment?.currentNode, enrollment?.visit, enrollment?.nextActionAt?.toISOString(), enrollment?.variantChoices, enrollment?.startedAt.toISOString()],
      ['waiting', 'dm', 1, '2026-03-01T12:00:00.000Z', { hello: 'a' }, startedAt],
    );
    const events = await listEvents(db, journey.workflowId);
    assert.deepEqual(events.map((e) => e.eventKey), [`${journey.workflowId}:dm:0:journey_started`, `${journey.workflowId}:dm:1:node_entered`]);
  });

  it('writes what a slot carries before the slot itself, so the log reads in the order things happened', async () => {
    const { db, activities } = await activitiesFor();
    await ensureSandboxSenders(db);
    const { versionId, personId } = await journeyFixture(db);
    const journey = { workflowId: unique('journey'), sequenceVersionId: versionId, personId };
    const at = '2026-03-01T12:00:00.000Z';
    await activities.beginJourney({ journey, startedAt: at, events: [], progress: { currentNode: 'follow', visit: 1, status: 'waiting', variantChoices: {}, at } });
    const slot = await activities.takeSendSlot({
      ...journey,
      nodeId: 'dm',
      visit: 1,
      channel: 'x',
      at,
      write: {
        events: [
          { type: 'branch_taken', nodeId: 'follow', visit: 1, detail: { trigger: 'FOLLOWED_BACK', to: 'dm' }, occurredAt: at },
          { type: 'node_entered', nodeId: 'dm', visit: 1, detail: { action: 'SEND_TWITTER_DM' }, occurredAt: at },
        ],
        progress: { currentNode: 'dm', visit: 1, status: 'waiting', nextActionAt: null, variantChoices: {}, at },
      },
    });
    assert.equal(slot.granted, true);
    const events = await listEvents(db, journey.workflowId);
    assert.deepEqual(events.map((e) => e.type), ['branch_taken', 'node_entered', 'send_reserved']);
    const enrollment = await getEnrollment(db, journey.workflowId);
    assert.deepEqual([enrollment?.currentNode, enrollment?.nextActionAt], ['dm', null]);
  });
});
