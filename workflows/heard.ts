import { ACTION_CHANNEL, CHANNELS, CONDITIONAL_TRIGGERS, type Channel, type SequenceGraph } from '../src/sequences/model';
import type { LiveSource } from './activity-contract';
import type { ExternalObservation, Heard } from './contract';

/**
 * Runs recorded before this patch take an observed signal only at the node it arrives during, dedupe
 * nothing and check on every tick. From it on, the journey takes each event once, keeps an observation
 * that comes early for the wait it answers, and checks once per window where its sender account has a
 * live event source.
 */
export const HEARS_EVENTS = 'journey-hears-events';

/** Enough to outlast any redelivery of an event: the ingest service's sweeper resends within minutes. */
export const EVENT_IDS_KEPT = 500;
/** The longest event or provider id a signal may carry: 500 of them stay far below Temporal's payload limit. */
export const EVENT_ID_MAX = 200;
/** A journey waits on a few observations at most; more kept ones than this are noise. */
export const OBSERVATIONS_KEPT = 20;

const BRANCHED_ON: ReadonlySet<string> = new Set(Object.values(CONDITIONAL_TRIGGERS).map((t) => t.observation));

/** What a run starts from: the carried record, or an empty one. */
export function heardFrom(carried: Heard | undefined): Heard {
  return {
    eventIds: [...(carried?.eventIds ?? [])],
    kept: [...(carried?.kept ?? [])],
    liveChannels: [...(carried?.liveChannels ?? [])],
  };
}

/**
 * Takes a signalled observation: once per event id, stamped with `now` when it carries no time. A signal
 * the journey cannot use (unknown observation or channel, unreadable time) is dropped: a signal handler
 * that throws would fail the workflow task again on every retry. Returns why it was dropped, if it was.
 */
export function hear(heard: Heard, o: ExternalObservation, now: number): string | undefined {
  if (typeof o !== 'object' || o === null) return 'not an observation';
  if (o.eventId !== undefined && (typeof o.eventId !== 'string' || o.eventId.length === 0 || o.eventId.length > EVENT_ID_MAX)) {
    return `eventId must be a string of 1 to ${EVENT_ID_MAX} characters`;
  }
  if (!BRANCHED_ON.has(o.observation)) return `observation ${shown(o.observation)} decides no edge`;
  if (o.channel !== undefined && !(CHANNELS as readonly string[]).includes(o.channel)) {
    return `channel ${shown(o.channel)} is not one of ${CHANNELS.join(', ')}`;
  }
  if (o.at !== undefined && (typeof o.at !== 'string' || Number.isNaN(Date.parse(o.at)))) return `at ${shown(o.at)} is not a time`;
  if (o.positive !== undefined && typeof o.positive !== 'boolean') return `positive ${shown(o.positive)} is not true or false`;
  if (o.providerId !== undefined && (typeof o.providerId !== 'string' || o.providerId.length > EVENT_ID_MAX)) {
    return `providerId must be a string of at most ${EVENT_ID_MAX} characters`;
  }
  if (o.eventId !== undefined) {
    if (heard.eventIds.includes(o.eventId)) return 'event already taken';
    heard.eventIds.push(o.eventId);
    if (heard.eventIds.length > EVENT_IDS_KEPT) heard.eventIds.shift();
  }
  // Only the known fields are kept: the journey carries them across continue-as-new.
  heard.kept.push({
    ...(o.eventId === undefined ? {} : { eventId: o.eventId }),
    observation: o.observation,
    ...(o.channel === undefined ? {} : { channel: o.channel }),
    at: o.at ?? new Date(now).toISOString(),
    ...(o.positive === undefined ? {} : { positive: o.positive }),
    ...(o.providerId === undefined ? {} : { providerId: o.providerId }),
  });
  if (heard.kept.length > OBSERVATIONS_KEPT) heard.kept.shift();
  return undefined;
}

/** A value from a signal, short enough for the journey's path. */
function shown(value: unknown): string {
  return JSON.stringify(value)?.slice(0, 40) ?? String(value);
}

/** What a wait looks for: these observations, on these channels, arriving no earlier than `since`. */
export interface WaitScope {
  observations: string[];
  channels: Channel[];
  since: number;
}

/** The first kept observation the wait can take: one that came after the message it answers. */
export function usable(heard: Heard, scope: WaitScope): ExternalObservation | undefined {
  return heard.kept.find(
    (o) =>
      scope.observations.includes(o.observation) &&
      (o.channel === undefined || scope.channels.includes(o.channel)) &&
      Date.parse(o.at as string) >= scope.since,
  );
}

export function take(heard: Heard, o: ExternalObservation): void {
  heard.kept.splice(heard.kept.indexOf(o), 1);
}

/**
 * Drops what no later wait can take. A wait after a send takes only what came after that send, so nothing
 * older than the latest message; CHECK_FOR_REPLY takes anything since the journey's first message.
 */
export function forgetStale(heard: Heard, graph: SequenceGraph, sent: { sentAt: string }[]): void {
  const looksBack = graph.nodes.some((n) => ACTION_CHANNEL[n.action] === null);
  const floor = looksBack ? sent[0] : sent.at(-1);
  if (floor === undefined) return;
  const since = Date.parse(floor.sentAt);
  heard.kept = heard.kept.filter((o) => Date.parse(o.at as string) >= since);
}

/** Sends and checks report whether their account has a live event source; a wait plans its checks by it. */
export function noteLiveSource(heard: Heard | undefined, result: unknown): void {
  const report = (result as { liveSource?: LiveSource } | null | undefined)?.liveSource;
  if (!heard || typeof report !== 'object' || report === null) return;
  const others = heard.liveChannels.filter((c) => c !== report.channel);
  heard.liveChannels = report.live ? [...others, report.channel] : others;
}

/** True when every channel of a wait has a live source, so a check at the window's close is enough. */
export function hearsLive(heard: Heard | undefined, channels: Channel[]): boolean {
  return heard !== undefined && channels.length > 0 && channels.every((c) => heard.liveChannels.includes(c));
}
