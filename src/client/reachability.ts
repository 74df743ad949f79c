import { CHANNEL_LABEL, recipientShortfall } from '../channels/recipients';
import type { PersonIdentifiers } from '../db/contacts';
import { findNode } from '../sequences/graph';
import { ACTION_CHANNEL, type Channel, type SequenceGraph, type SequenceNode } from '../sequences/model';
import { analyzeTemplate } from '../sequences/template-analysis';
import { blockedPaths, type BlockedPaths } from './blocked-paths';

/** A member as enrollment checks them: the identifiers every journey reads (src/db/contacts.ts), the snapshot's variables. */
export interface MemberContact extends PersonIdentifiers {
  /** The person reached: the member, or the person it was merged into since the snapshot. */
  personId: string;
  variables: Record<string, string>;
}

/** Nodes named in a skip reason before "and N more": a reason is one line in `outreach status`. */
const REASON_NODES_SHOWN = 5;

export interface ReachabilityRules {
  graph: SequenceGraph;
  start: SequenceNode;
  /** The channels some node of the graph acts on. */
  channels: Channel[];
  /** Variables some template uses without a default: each member needs a value for every one. */
  requiredVariables: string[];
  /** Where journeys go per set of channels a member cannot be reached on; at most one walk per set. */
  walks: Map<string, BlockedPaths>;
}

/** A node whose channel cannot reach the member, and what the member has instead ("no email address"). */
export interface Shortfall {
  node: SequenceNode;
  channel: Channel;
  has: string;
}

export interface MemberReach {
  /** Why the member is skipped; undefined when their journey starts. */
  skipReason?: string;
  /** Later nodes where their journey would end `failed`, should it get there. */
  failsAt: Shortfall[];
}

/** What a member needs for this sequence: identifiers for the channels its paths use, and template values. */
export function reachabilityRules(graph: SequenceGraph): ReachabilityRules {
  const required = new Set<string>();
  for (const node of graph.nodes) {
    const template = node.template === undefined ? undefined : graph.templates[node.template];
    for (const variant of template?.variants ?? []) {
      for (const text of [variant.body, variant.subject ?? '']) {
        const analysed = analyzeTemplate(text);
        if (!analysed.ok) continue;
        for (const use of analysed.facts.uses) if (!use.defaulted) required.add(use.name);
      }
    }
  }
  const channels = new Set(graph.nodes.flatMap((n) => ACTION_CHANNEL[n.action] ?? []));
  return { graph, start: findNode(graph, graph.start), channels: [...channels], requiredVariables: [...required].sort(), walks: new Map() };
}

/**
 * Skipped: a member the first action cannot reach, one whose every path ends at a node that cannot reach
 * them (a journey that can only fail), or one without a value for a template variable that has no default.
 * Otherwise their journey starts, and `failsAt` names the later nodes where it would end failed.
 */
export function memberReach(rules: ReachabilityRules, member: MemberContact): MemberReach {
  const lacks = new Map<Channel, string>();
  for (const channel of rules.channels) {
    const has = recipientShortfall(channel, member);
    if (has !== undefined) lacks.set(channel, has);
  }
  const startChannel = ACTION_CHANNEL[rules.start.action];
  const atStart = startChannel === null ? undefined : lacks.get(startChannel);
  if (startChannel !== null && atStart !== undefined) {
    return { skipReason: `the first action (node "${rules.start.id}") cannot reach them on ${CHANNEL_LABEL[startChannel]}: they have ${atStart}`, failsAt: [] };
  }
  const walk = lacks.size === 0 ? { failsAt: [], canFinish: true } : walkFor(rules, lacks);
  const failsAt = walk.failsAt.map((node) => {
    const channel = ACTION_CHANNEL[node.action] as Channel;
    return { node, channel, has: lacks.get(channel) as string };
  });
  if (!walk.canFinish) return { skipReason: `every path through the sequence stops at a node that cannot reach them (${listed(failsAt)})`, failsAt: [] };
  const missing = rules.requiredVariables.filter((name) => !member.variables[name]?.trim());
  if (missing.length > 0) {
    const names = missing.map((m) => `{{ ${m} }}`).join(', ');
    return { skipReason: `no value for template variable${missing.length > 1 ? 's' : ''} ${names} and no default`, failsAt: [] };
  }
  return { failsAt };
}

function walkFor(rules: ReachabilityRules, lacks: ReadonlyMap<Channel, string>): BlockedPaths {
  const key = [...lacks.keys()].sort().join(',');
  let walk = rules.walks.get(key);
  if (!walk) {
    walk = blockedPaths(rules.graph, new Set(lacks.keys()));
    rules.walks.set(key, walk);
  }
  return walk;
}

function listed(failsAt: Shortfall[]): string {
  const shown = failsAt.slice(0, REASON_NODES_SHOWN).map((s) => `node "${s.node.id}" on ${CHANNEL_LABEL[s.channel]}: they have ${s.has}`);
  const more = failsAt.length - shown.length;
  return [...shown, ...(more > 0 ? [`and ${more} more node${more > 1 ? 's' : ''}`] : [])].join('; ');
}
