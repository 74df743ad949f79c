import type { JourneyProgress, JourneyStart } from '../src/db/enrollments';
import type { NewEvent } from '../src/db/events';
import type { Action, Channel, Observation, TemplateVariant } from '../src/sequences/model';

/** Identifies one journey in every activity call. Carries ids only: no personal data, no secrets. */
export interface JourneyRef {
  workflowId: string;
  sequenceVersionId: string;
  personId: string;
  audienceId?: string;
}

export interface JourneyRecord {
  start?: JourneyStart;
  progress?: JourneyProgress;
  events: NewEvent[];
}

export interface SlotInput extends JourneyRef {
  nodeId: string;
  visit: number;
  channel: Channel;
  /** The account this journey already uses on the channel; one is picked when absent. */
  senderAccountId?: string;
  at: string;
}

export type SlotOutcome =
  | { granted: true; senderAccountId: string }
  | { granted: false; senderAccountId: string; retryAt: string; cap: 'hourly' | 'daily' };

export interface SendInput extends JourneyRef {
  nodeId: string;
  visit: number;
  action: Action;
  channel: Channel;
  senderAccountId: string;
  /** The variant to render; the lead's variables are read inside the activity, never passed in. */
  variant?: TemplateVariant;
  earlierProviderIds: string[];
  at: string;
}

export interface SendOutcome {
  providerId: string;
  sentAt: string;
}

export interface CheckInput extends JourneyRef {
  nodeId: string;
  visit: number;
  /** Numbers the checks of one visit, for the event's idempotency key. */
  checkNumber: number;
  channel: Channel;
  senderAccountId: string;
  observations: Observation[];
  since: string;
  asOf: string;
  providerIds: string[];
}

export interface CheckOutcome {
  observation: Observation;
  at: string;
  positive?: boolean;
}

/** The columns that place an event at one step of one journey. */
export function stepOf(input: JourneyRef & { nodeId: string; visit: number; channel: Channel }) {
  return {
    workflowId: input.workflowId,
    sequenceVersionId: input.sequenceVersionId,
    personId: input.personId,
    nodeId: input.nodeId,
    visit: input.visit,
    channel: input.channel,
  };
}
