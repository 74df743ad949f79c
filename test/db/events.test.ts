import assert from 'node:assert/strict';
import { appendEvent, listEvents, type NewEvent } from '../../src/db/events';
import { testDb } from '../support/database';
import { journeyFixture } from './fixtures';

describe('events', () => {
  it('appendEvent records one row per event key', async () => {
    const db = await testDb();
    const { versionId, personId, workflowId } = await journeyFixture(db);
    const event: NewEvent = {
      eventKey: `${workflowId}:dm:1:action_sent`,
      workflowId,
      sequenceVersionId: versionId,
      personId,
      type: 'action_sent',
      nodeId: 'dm',
      visit: 1,
      channel: 'x',
      detail: { attempt: 1 },
      occurredAt: new Date('2026-01-01T10:00:00Z'),
    };

    assert.equal(await appendEvent(db, event), true);
    assert.equal(await appendEvent(db, { ...event, detail: { attempt: 2 } }), false);

    const events = await listEvents(db, workflowId);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0]?.detail, { attempt: 1 });
  });

  it('listEvents orders by occurrence, then by insertion', async () => {
    const db = await testDb();
    const { versionId, personId, workflowId } = await journeyFixture(db);
    const base = { workflowId, sequenceVersionId: versionId, personId };
    const at = (iso: string) => new Date(iso);
    await appendEvent(db, { ...base, eventKey: `${workflowId}:end`, type: 'journey_ended', occurredAt: at('2026-01-02T00:00:00Z') });
    await appendEvent(db, { ...base, eventKey: `${workflowId}:start`, type: 'journey_started', occurredAt: at('2026-01-01T00:00:00Z') });
    await appendEvent(db, { ...base, eventKey: `${workflowId}:branch`, type: 'branch_taken', occurredAt: at('2026-01-01T00:00:00Z') });

    assert.deepEqual(
      (await listEvents(db, workflowId)).map((e) => e.type),
      ['journey_started', 'branch_taken', 'journey_ended'],
    );
  });
});
