/**
 * The journey's event log as activities write it. Every idempotency key is built here, from identity
 * (journey, node, visit), never from attempts. The formats are stored in Postgres: changing one would let
 * a write retried across a deploy land twice.
 */
import type { NewEvent } from '../src/db/events';
import type { Channel, Observation } from '../src/sequences/model';
import type { JourneyEvent, JourneyRef, KeyedEventV0 } from '../workflows/activity-contract';
import type { JourneyEventType } from '../workflows/vocabulary';

/** One visit of one node by one journey, on one channel. */
interface ChannelVisit extends JourneyRef {
  nodeId: string;
  visit: number;
  channel: Channel;
}

/** `journey-s-1:intro:2`: the send's key at the provider, and the stem of every key of that visit. */
export function visitKey(step: { workflowId: string; nodeId: string; visit: number }): string {
  return `${step.workflowId}:${step.nodeId}:${step.visit}`;
}

/** `journey-s-1:intro:2:branch_taken`, with the qualifier after it when one type repeats within a visit. */
export function eventKey(workflowId: string, event: { nodeId: string; visit: number; type: JourneyEventType; qualifier?: string }): string {
  const key = `${visitKey({ workflowId, ...event })}:${event.type}`;
  return event.qualifier === undefined ? key : `${key}:${event.qualifier}`;
}

/** `journey-s-1:intro:2:x:check3:check_done`. */
export function checkDoneKey(step: ChannelVisit, checkNumber: number): string {
  return `${visitKey(step)}:${step.channel}:check${checkNumber}:check_done`;
}

/** `journey-s-1:intro:2:x:replied`: an outcome a check saw, recorded once per visit whichever check saw it. */
export function checkedOutcomeKey(step: ChannelVisit, observation: Observation): string {
  return `${visitKey(step)}:${step.channel}:${observation}`;
}

/** The columns that place an event at one step of one journey. */
export function stepColumns(step: ChannelVisit) {
  return {
    workflowId: step.workflowId,
    sequenceVersionId: step.sequenceVersionId,
    personId: step.personId,
    nodeId: step.nodeId,
    visit: step.visit,
    channel: step.channel,
  };
}

/** A workflow's event as a row of the log. */
export function journeyEventRow(journey: JourneyRef, event: JourneyEvent): NewEvent {
  return {
    eventKey: eventKey(journey.workflowId, event),
    workflowId: journey.workflowId,
    sequenceVersionId: journey.sequenceVersionId,
    personId: journey.personId,
    type: event.type,
    nodeId: event.nodeId,
    visit: event.visit,
    detail: event.detail ?? {},
    occurredAt: event.occurredAt,
  };
}

/** An event keyed by a workflow before the keys moved here (a retry scheduled by an older worker). */
export function keyedEventRow(event: KeyedEventV0): NewEvent {
  return {
    eventKey: event.eventKey,
    workflowId: event.workflowId,
    sequenceVersionId: event.sequenceVersionId,
    personId: event.personId,
    type: event.type,
    ...(event.nodeId === undefined ? {} : { nodeId: event.nodeId }),
    ...(event.visit === undefined ? {} : { visit: event.visit }),
    detail: event.detail ?? {},
    occurredAt: event.occurredAt,
  };
}
