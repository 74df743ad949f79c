/**
 * Everything a client needs to start and steer a journey: input, signals, query, search attributes and
 * the workflow id. The client imports these very constants.
 */
import { defineSearchAttributeKey, type SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Channel, Observation, SequenceGraph } from '../src/sequences/model';
import type { JourneyStatus, JourneyStepKind } from './vocabulary';

export const JOURNEY_WORKFLOW = 'journeyWorkflow';

/** Versioned input: later versions are added to the union, never changed in place. */
export type JourneyInput = JourneyInputV1;

interface JourneyInputV1 {
  version: 1;
  sequenceName: string;
  sequenceVersionId: string;
  sequenceVersion: number;
  /** The published graph this journey follows for its whole life. */
  graph: SequenceGraph;
  personId: string;
  audienceId?: string;
  /** Continue as new after this many nodes in one run; keeps histories bounded. */
  nodesPerRun?: number;
  /** Present only when the journey continued as new. */
  carried?: CarriedState;
  /** With `carried`: the journey clock at the hand-over, so the new run acts on the same ticks. */
  carriedAt?: string;
}

export interface JourneyStep {
  at: string;
  nodeId: string;
  visit: number;
  what: JourneyStepKind;
  detail?: string;
}

export interface SentMessage {
  nodeId: string;
  channel: Channel;
  providerId: string;
  sentAt: string;
}

export interface JourneyState {
  /** `paused` from the pause signal on: the journey holds at its next wait until resumed. */
  status: JourneyStatus;
  nodeId: string | null;
  visit: number;
  visits: Record<string, number>;
  /** Template id to the variant chosen for this lead. */
  variants: Record<string, string>;
  /** The sender account used per channel; a journey keeps its sender so threads stay together. */
  senders: Partial<Record<Channel, string>>;
  /** The journey's first message, then the latest ones (`rememberSent`). */
  sent: SentMessage[];
  nextActionAt: string | null;
  /** When the latest send ran (checks do not count); the next action waits for a later tick. */
  lastActionAt: string | null;
  endReason: string | null;
  /** The latest steps, oldest first; `stepCount` counts them all. */
  history: JourneyStep[];
  stepCount: number;
  tickMs: number;
  run: number;
  /** From HEARS_EVENTS on: what the journey heard by signal (absent in runs recorded before it). */
  heard?: Heard;
  /** From DEFERS_SENDS on: no message is sent before this time (the person said they are away until then). */
  deferredUntil?: string;
}

/** Bounded, and carried across continue-as-new: see workflows/heard.ts. */
export interface Heard {
  /** The latest event ids taken, oldest first: an event delivered again is ignored. */
  eventIds: string[];
  /** Observations heard and not used yet, oldest first, each with its time; a later wait may take one. */
  kept: ExternalObservation[];
  /** The channels whose sender account had a live event source at the journey's latest send or check there. */
  liveChannels: Channel[];
}

export type CarriedState = JourneyState & {
  /** Runs recorded before a pause was a status only flagged a pending pause here. */
  paused?: boolean;
};

export interface ExternalObservation {
  /** The inbound event it comes from (`inbound_events`): a journey takes each event once. */
  eventId?: string;
  observation: Observation;
  channel?: Channel;
  at?: string;
  positive?: boolean;
  providerId?: string;
}

export const pauseSignal = defineSignal<[reason?: string]>('pause');
export const resumeSignal = defineSignal('resume');
export const cancelSignal = defineSignal<[reason?: string]>('cancel');
/** The end reason of a journey a suppression stopped: by `cancel` with it, or at a send its person may not get. */
export const SUPPRESSED_END_REASON = 'suppressed';
/** Lets a webhook report an outcome the moment it happens instead of waiting for the next check. */
export const observeSignal = defineSignal<[ExternalObservation]>('observe');
/** The person is away until `until` (ISO 8601): the journey's next message waits for it. */
export interface SendDeferral {
  /** The inbound event it comes from (an out-of-office note). */
  eventId?: string;
  until: string;
}

/** Sent by the ingest pipeline when an out-of-office note gives a return day. */
export const deferSignal = defineSignal<[SendDeferral]>('defer');
export const journeyStateQuery = defineQuery<JourneyState>('journeyState');

export const searchAttributes = {
  sequence: defineSearchAttributeKey('OutreachSequence', 'KEYWORD'),
  version: defineSearchAttributeKey('OutreachSequenceVersion', 'INT'),
  lead: defineSearchAttributeKey('OutreachLead', 'KEYWORD'),
  node: defineSearchAttributeKey('OutreachNode', 'KEYWORD'),
  status: defineSearchAttributeKey('OutreachStatus', 'KEYWORD'),
};

/** Name and type of each custom search attribute, for registering them on a server. */
export const SEARCH_ATTRIBUTE_DEFINITIONS: { name: string; type: SearchAttributeType }[] = Object.values(
  searchAttributes,
).map((key) => ({ name: key.name, type: key.type }));

/** One journey per person per sequence: the id is derived from both, whatever the version. */
export function journeyWorkflowId(sequenceName: string, personId: string): string {
  return `journey-${sequenceName}-${personId}`;
}
