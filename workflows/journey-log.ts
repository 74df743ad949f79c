import { proxySinks, type Sinks } from '@temporalio/workflow';
import type { Channel } from '../src/sequences/model';

/** A journey holding its send: for a sender account an operator must set up or resume, or for a cap to free a slot. */
export interface JourneyWait {
  waitingFor: 'sender account' | 'send slot';
  reason: string;
  nodeId: string;
  channel: Channel;
  /** When the journey tries again (ISO time). */
  nextTry: string;
}

export interface JourneySinks extends Sinks {
  journeyLog: { waiting(wait: JourneyWait): void };
}

/**
 * Logs one line per wait through the worker. Sinks are not called on replay and produce no command, so
 * journeys recorded before this line existed replay unchanged.
 */
export const { journeyLog } = proxySinks<JourneySinks>();
