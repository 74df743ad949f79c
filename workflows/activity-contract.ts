/**
 * The activities' inputs and outputs, in types of their own: they are stored in workflow histories, so they
 * must not follow the database's row types. `activities/` maps them onto repository calls.
 */
import type { FAILURE_TYPES } from '../src/channels/errors';
import type { Action, Channel, Observation, TemplateVariant } from '../src/sequences/model';
import type { JourneyEventType, JourneyStatus } from './vocabulary';

/** Identifies one journey in every activity call. Carries ids only: no personal data, no secrets. */
export interface JourneyRef {
  workflowId: string;
  sequenceVersionId: string;
  personId: string;
  audienceId?: string;
}

/** Where a journey is and when it acts next, as the enrollments table shows it. */
export interface JourneyProgress {
  currentNode: string | null;
  visit: number;
  status: JourneyStatus;
  /** When the journey acts next (ISO time); null while it acts and once it has ended. */
  nextActionAt: string | null;
  /** Template id to the variant chosen for this lead. */
  variantChoices: Record<string, string>;
  endReason?: string;
  /** Workflow time of this progress; a write older than the stored one is ignored. */
  at: string;
}

/** One entry of the journey's event log; activities derive its idempotency key from these fields. */
export interface JourneyEvent {
  type: JourneyEventType;
  nodeId: string;
  visit: number;
  /** Tells apart events of one type at one visit: a template id, an observation, when a pause began. */
  qualifier?: string;
  detail?: Record<string, unknown>;
  occurredAt: string;
}

/**
 * What the journey has to write since its last write: carried by the next activity that runs anyway, or by
 * recordJourney when none runs before the journey sleeps. Events are written before the activity's own,
 * progress after it.
 */
export interface JourneyWrite {
  /** On a journey's first write: when it started (creates its enrollment). */
  startedAt?: string;
  events: JourneyEvent[];
  progress?: JourneyProgress;
}

export interface JourneyRecord extends JourneyWrite {
  journey: JourneyRef;
}

/**
 * recordJourney's input as workers scheduled it before the activity contract had types of its own (ids
 * repeated in each part, events keyed by the workflow). A retry scheduled then may still be pending.
 */
export interface JourneyRecordV0 {
  start?: JourneyRef & { startedAt: string };
  progress?: JourneyProgress & { workflowId: string };
  events: KeyedEventV0[];
}

export interface KeyedEventV0 {
  eventKey: string;
  workflowId: string;
  sequenceVersionId: string;
  personId: string;
  type: JourneyEventType;
  nodeId?: string;
  visit?: number;
  detail?: Record<string, unknown>;
  occurredAt: string;
}

/** A fresh journey's first write: its start and its entry into the first node. */
export interface BeginInput {
  journey: JourneyRef;
  startedAt: string;
  events: JourneyEvent[];
  /** The first node's progress; the activity adds when it acts. */
  progress: Omit<JourneyProgress, 'nextActionAt'>;
}

export interface BeginOutcome {
  /** The deployment's tick, which the journey keeps for its whole life. */
  tickMs: number;
  /** The first action's tick: the first boundary at or after the start. */
  nextActionAt: string;
}

export interface SlotInput extends JourneyRef {
  nodeId: string;
  visit: number;
  channel: Channel;
  /** The account this journey already uses on the channel; one is picked when absent. */
  senderAccountId?: string;
  at: string;
  /** Counts the slots this visit took again after a pause held it past an earlier one; absent the first time. */
  renewal?: number;
  write?: JourneyWrite;
}

/**
 * Granted, held by a cap until `retryAt`, or unavailable until an operator acts (no usable sender account
 * or adapter, or the journey's account paused or disabled): an expected condition the journey waits out,
 * so a value, not a failure (workflows still handle the thrown form that older histories hold).
 */
export type SlotOutcome =
  /** `slotAt`: when the account's pacing lets it send (absent in histories recorded before pacing). */
  | { granted: true; senderAccountId: string; slotAt?: string }
  | { granted: false; senderAccountId: string; retryAt: string; cap: 'hourly' | 'daily' }
  | { granted: false; unavailable: { type: typeof FAILURE_TYPES.noSender | typeof FAILURE_TYPES.senderAccount; reason: string } };

/** A granted slot the journey will not use (it was cancelled while it slept to it). */
export interface SlotRelease extends JourneyRef {
  nodeId: string;
  visit: number;
  channel: Channel;
  senderAccountId: string;
  renewal?: number;
  at: string;
}

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
  /** Its progress: the wait the send opens. */
  write?: JourneyWrite;
}

export type SendOutcome = SentMessage | SendSuppressed;

interface SentMessage {
  providerId: string;
  sentAt: string;
  /** Absent from sends recorded before sends reported it. */
  liveSource?: LiveSource;
}

/** Nothing was sent: the person is on the suppression list for this channel or account (the reason it gives). */
interface SendSuppressed {
  suppressed: string;
}

/** Whether the sender account has a live event source for its channel now (a listener or webhooks). */
export interface LiveSource {
  channel: Channel;
  live: boolean;
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
  /** Its progress: the next check, should this one see nothing. */
  write?: JourneyWrite;
}

export interface CheckOutcome {
  observation: Observation;
  at: string;
  positive?: boolean;
}

/** A check's answer; checks recorded before it reported the live source answered with the bare list. */
export interface CheckResult {
  outcomes: CheckOutcome[];
  liveSource: LiveSource;
}
