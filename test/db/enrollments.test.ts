import assert from 'node:assert/strict';
import { getEnrollment, recordJourneyProgress, recordJourneyStart, type JourneyProgress } from '../../src/db/enrollments';
import { testDb } from '../support/database';
import { journeyFixture } from './fixtures';

const t0 = new Date('2026-03-01T09:00:00Z');
const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe('enrollments', () => {
  it('recordJourneyStart is idempotent and finds the sequence from the version', async () => {
    const db = await testDb();
    const { sequenceId, versionId, personId, workflowId } = await journeyFixture(db);
    const start = { workflowId, sequenceVersionId: versionId, personId, startedAt: t0 };

    await recordJourneyStart(db, start);
    await recordJourneyStart(db, { ...start, startedAt: later(5) });

    const enrollment = await getEnrollment(db, workflowId);
    assert.equal(enrollment?.sequenceId, sequenceId);
    assert.equal(enrollment?.status, 'active');
    assert.deepEqual(enrollment?.startedAt, t0);
  });

  it('recordJourneyProgress never revives a terminal journey', async () => {
    const db = await testDb();
    const { versionId, personId, workflowId } = await journeyFixture(db);
    await recordJourneyStart(db, { workflowId, sequenceVersionId: versionId, personId, startedAt: t0 });
    const progress: JourneyProgress = {
      workflowId,
      currentNode: 'dm',
      visit: 1,
      status: 'waiting',
      nextActionAt: later(60),
      variantChoices: { hello: 'a' },
      at: later(1),
    };

    assert.equal(await recordJourneyProgress(db, progress), true);
    assert.equal(
      await recordJourneyProgress(db, { ...progress, status: 'completed', nextActionAt: null, endReason: 'end', at: later(2) }),
      true,
    );
    assert.equal(await recordJourneyProgress(db, { ...progress, status: 'active', at: later(3) }), false);

    const enrollment = await getEnrollment(db, workflowId);
    assert.equal(enrollment?.status, 'completed');
    assert.equal(enrollment?.endReason, 'end');
    assert.deepEqual(enrollment?.endedAt, later(2));
    assert.deepEqual(enrollment?.variantChoices, { hello: 'a' });
  });

  it('recordJourneyProgress ignores a write older than the stored one', async () => {
    const db = await testDb();
    const { versionId, personId, workflowId } = await journeyFixture(db);
    await recordJourneyStart(db, { workflowId, sequenceVersionId: versionId, personId, startedAt: t0 });
    const base = { workflowId, status: 'active' as const, nextActionAt: null, variantChoices: {} };

    await recordJourneyProgress(db, { ...base, currentNode: 'second', visit: 1, at: later(10).toISOString() });
    assert.equal(await recordJourneyProgress(db, { ...base, currentNode: 'first', visit: 1, at: later(5) }), false);

    assert.equal((await getEnrollment(db, workflowId))?.currentNode, 'second');
  });
});
