/**
 * The report of one sequence, as `outreach report --json` prints it. Every list follows the graph (nodes in
 * BFS order from the start node, edges and variants as declared, templates by first use), never the data,
 * so the shape is stable: a node, edge, channel or variant no journey has reached yet is there with zeros.
 */
import type { Action, Channel, Trigger } from '../sequences/model';

export interface Report {
  sequence: string;
  versions: VersionReport[];
}

export interface VersionReport {
  version: number;
  publishedAt: string;
  graph: ReportGraph;
  /** Every journey started on this version. */
  all: CohortStats;
  /** One entry per template with two or more variants, in the order the graph first uses them. */
  abTests: AbTest[];
}

export interface ReportGraph {
  start: string;
  nodes: { id: string; action: Action; depth: number }[];
  /** `within` is the window a conditional edge waits (e.g. `3d`), null for unconditional ones. */
  edges: { from: string; to: string | null; trigger: Trigger; within: string | null }[];
}

export interface AbTest {
  template: string;
  /** A journey belongs to the variant its `variant_chosen` event names; journeys that never used the template are in none. */
  variants: ({ variant: string; weight: number } & CohortStats)[];
}

/** Counts of journeys (distinct workflows) unless the field says otherwise. */
export interface CohortStats {
  enrolled: number;
  nodes: NodeStats[];
  /** Messages: `action_sent` events per channel (follows and unfollows included). */
  sent: Record<Channel, number>;
  /** Journeys with at least one message action sent (DM, email, connection request). */
  messaged: number;
  reads: number;
  replies: number;
  positiveReplies: number;
  /** Node-to-node edges: of the journeys that entered `from`, how many took this edge into `to`. */
  steps: StepStats[];
  sentToReplied: Conversion;
  repliedToPositive: Conversion;
}

interface NodeStats {
  id: string;
  entered: number;
  /** `node_entered` events: more than `entered` when journeys come back to the node. */
  visits: number;
  /** Sent, or for CHECK_FOR_REPLY, left by a branch. */
  done: number;
  failed: number;
}

interface StepStats {
  from: string;
  to: string;
  trigger: Trigger;
  entered: number;
  took: number;
  rate: number | null;
}

interface Conversion {
  from: number;
  to: number;
  /** `to / from`, rounded to 4 decimals; null when `from` is 0. */
  rate: number | null;
}
