import assert from 'node:assert/strict';
import { appendEvent } from '../../src/db/events';
import { testDb } from '../support/database';
import { journeyFixture, unique } from './fixtures';

describe('immutable tables', () => {
  it('sequence_versions reject UPDATE and DELETE', async () => {
    const db = await testDb();
    const { versionId } = await journeyFixture(db);

    await assert.rejects(
      db('sequence_versions').where({ id: versionId }).update({ source: 'changed' }),
      /sequence_versions rows are immutable: UPDATE rejected/,
    );
    await assert.rejects(
      db('sequence_versions').where({ id: versionId }).delete(),
      /sequence_versions rows are immutable: DELETE rejected/,
    );
  });

  it('events reject UPDATE and DELETE', async () => {
    const db = await testDb();
    const { versionId, personId, workflowId } = await journeyFixture(db);
    const eventKey = unique('event');
    await appendEvent(db, {
      eventKey,
      workflowId,
      sequenceVersionId: versionId,
      personId,
      type: 'journey_started',
      occurredAt: new Date(),
    });

    await assert.rejects(
      db('events').where({ event_key: eventKey }).update({ type: 'journey_ended' }),
      /events rows are immutable: UPDATE rejected/,
    );
    await assert.rejects(db('events').where({ event_key: eventKey }).delete(), /events rows are immutable: DELETE rejected/);
  });
});
