import type { Action, Channel, SequenceGraph } from '../sequences/model';
import type { Shortfall } from './reachability';

/** Members whose journey starts but cannot be reached on a later node: it ends there, failed, if it gets there. */
export interface UnreachableLater {
  node: string;
  action: Action;
  channel: Channel;
  /** What those members have instead: "no email address". */
  has: string;
  members: number;
}

/** Counts started members per (node, shortfall); lists them in the graph's node order. */
export class LaterNodeTally {
  private readonly counts = new Map<string, UnreachableLater>();

  constructor(private readonly graph: SequenceGraph) {}

  add(failsAt: readonly Shortfall[]): void {
    for (const { node, channel, has } of failsAt) {
      const key = `${node.id}\u0000${has}`;
      const entry = this.counts.get(key);
      if (entry) entry.members += 1;
      else this.counts.set(key, { node: node.id, action: node.action, channel, has, members: 1 });
    }
  }

  list(): UnreachableLater[] {
    const order = new Map(this.graph.nodes.map((n, i) => [n.id, i]));
    return [...this.counts.values()].sort((a, b) => (order.get(a.node) ?? 0) - (order.get(b.node) ?? 0) || a.has.localeCompare(b.has));
  }
}

/** `node "email-followup" (SEND_EMAIL): 12 of 40 members started have no email address; ...` */
export function describeUnreachableLater(entry: UnreachableLater, started: number, dryRun: boolean): string {
  const who = dryRun ? 'members that would start' : 'members started';
  return `node "${entry.node}" (${entry.action}): ${entry.members} of ${started} ${who} have ${entry.has}; their journeys will end there (failed) if they reach it`;
}
