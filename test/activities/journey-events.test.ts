import assert from 'node:assert/strict';
import { checkDoneKey, checkedOutcomeKey, eventKey, visitKey } from '../../activities/journey-events';

// Keys are stored: a write retried across a deploy must find the row it wrote before, so they never change.
describe('event log idempotency keys', () => {
  const step = { workflowId: 'journey-s-42', sequenceVersionId: '7', personId: '42', nodeId: 'intro', visit: 2, channel: 'x' as const };

  it('keys a send at the provider by journey, node and visit', () => {
    assert.equal(visitKey(step), 'journey-s-42:intro:2');
  });

  it('keys workflow events by visit and type, then the qualifier that tells repeats apart', () => {
    assert.equal(eventKey(step.workflowId, { nodeId: 'intro', visit: 2, type: 'branch_taken' }), 'journey-s-42:intro:2:branch_taken');
    assert.equal(eventKey(step.workflowId, { nodeId: 'intro', visit: 2, type: 'action_sent' }), 'journey-s-42:intro:2:action_sent');
    assert.equal(eventKey(step.workflowId, { nodeId: 'intro', visit: 2, type: 'send_reserved' }), 'journey-s-42:intro:2:send_reserved');
    assert.equal(
      eventKey(step.workflowId, { nodeId: 'intro', visit: 1, type: 'variant_chosen', qualifier: 'intro' }),
      'journey-s-42:intro:1:variant_chosen:intro',
    );
    assert.equal(
      eventKey(step.workflowId, { nodeId: 'follow', visit: 0, type: 'journey_paused', qualifier: 'paused@1780000000000' }),
      'journey-s-42:follow:0:journey_paused:paused@1780000000000',
    );
  });

  it('keys checks by channel and number, and what they saw by channel and observation', () => {
    assert.equal(checkDoneKey(step, 3), 'journey-s-42:intro:2:x:check3:check_done');
    assert.equal(checkedOutcomeKey(step, 'replied'), 'journey-s-42:intro:2:x:replied');
  });
});
