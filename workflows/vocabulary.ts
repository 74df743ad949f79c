/**
 * The words a journey is told in: its statuses, the event types of its log and the steps of its path.
 * Pure, so that the workflow imports it and so do the enrollments table, the activities and the commands
 * that steer journeys: each word is defined here and nowhere else.
 */

/**
 * `waiting`: between actions (the usual state of a running journey). `active`: acting; written only by
 * runs recorded before the lean bookkeeping, which marked the milliseconds between a wake-up and the next
 * write. `paused`: held by the pause signal until resumed.
 */
export const JOURNEY_STATUSES = ['active', 'waiting', 'paused', 'completed', 'failed', 'cancelled'] as const;
export type JourneyStatus = (typeof JOURNEY_STATUSES)[number];

export const TERMINAL_STATUSES = ['completed', 'failed', 'cancelled'] as const satisfies readonly JourneyStatus[];
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

export function isTerminal(status: string): status is TerminalStatus {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

/** Journeys that have not ended: the ones pause, resume and cancel are sent to. */
export const RUNNING_STATUSES: readonly JourneyStatus[] = JOURNEY_STATUSES.filter((status) => !isTerminal(status));

export type JourneyEventType =
  | 'journey_started'
  | 'node_entered'
  | 'variant_chosen'
  | 'send_reserved'
  | 'send_released'
  | 'sender_reassigned'
  | 'action_sent'
  | 'send_suppressed'
  | 'check_done'
  | 'outcome_observed'
  | 'branch_taken'
  | 'action_failed'
  | 'journey_paused'
  | 'journey_resumed'
  | 'journey_ended';

/**
 * The steps of a journey's path (`JourneyState.history`) and the event that logs each in Postgres; `null`
 * for a wait, which only the path and the worker's log line show. Runs recorded before the lean
 * bookkeeping also hold `entered` for waits and `failed` for a skipped check.
 */
export const STEP_EVENTS = {
  entered: 'node_entered',
  sent: 'action_sent',
  /** The outcome that decided a branch; checks also log outcomes no edge branches on (reads). */
  observed: 'outcome_observed',
  branched: 'branch_taken',
  paused: 'journey_paused',
  resumed: 'journey_resumed',
  ended: 'journey_ended',
  /** A sender account's hourly or daily cap holds the send until a slot frees. */
  'cap reached': null,
  /** The account's pacing puts the send later than its tick: the journey sleeps until its slot. */
  'send paced': null,
  /** No usable sender account (none set up, paused, disabled or refused by its provider): held for an operator. */
  'sender stopped': null,
  /** The send found its person on the suppression list: nothing sent, the journey ends (`send_suppressed` logs it). */
  suppressed: 'send_suppressed',
  /** A check that kept failing; the next tick looks again. */
  'check skipped': null,
  /** An observe signal the journey did not take: an event it already took, or one it cannot read. */
  'signal ignored': null,
  /** The person is away (an out-of-office note with its return day): the next message waits until then. */
  'send deferred': null,
} as const satisfies Record<string, JourneyEventType | null>;
export type JourneyStepKind = keyof typeof STEP_EVENTS;
