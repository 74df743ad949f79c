import { formatBytes } from '../input/text-file';
import type { AuthoredSequence } from './authored';
import type { SequenceGraph } from './model';
import type { SequenceProblem } from './problems';

/** Temporal refuses a payload over 2 MB (the server's blob size limit) and a gRPC message over 4 MB. */
const TEMPORAL_PAYLOAD_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * A journey's workflow input is the compiled graph plus a few ids. Half of Temporal's limit: when a
 * journey continues as new, the same input also carries its state (the latest 100 steps, 50 sends, a
 * visit count per node and a variant per template: under 300 KB at the node and template limits).
 */
export const MAX_JOURNEY_INPUT_BYTES = TEMPORAL_PAYLOAD_LIMIT_BYTES / 2;

/**
 * The input's fields beside the graph, at their largest: the sequence name (100 characters), version
 * and person ids (bigints, 19 digits), the version number and the field names themselves.
 */
const INPUT_FIELDS_BYTES = 1024;

const PARTS = ['templates', 'edges', 'nodes', 'description'] as const;

/** The graph must fit a journey's workflow input with its margin, or no journey of it could ever start. */
export function checkJourneyInput(graph: SequenceGraph, seq: AuthoredSequence): SequenceProblem[] {
  const bytes = jsonBytes(graph) + INPUT_FIELDS_BYTES;
  if (bytes <= MAX_JOURNEY_INPUT_BYTES) return [];
  const [largest] = PARTS.map((part) => ({ part, bytes: jsonBytes(graph[part] ?? '') })).sort((a, b) => b.bytes - a.bytes);
  const message =
    `sequence: a journey's workflow input would be ${formatBytes(bytes)} (${largest?.part ?? 'templates'} take ${formatBytes(largest?.bytes ?? 0)}), ` +
    `over the limit of ${formatBytes(MAX_JOURNEY_INPUT_BYTES)}: half of Temporal's ${formatBytes(TEMPORAL_PAYLOAD_LIMIT_BYTES)} payload limit, ` +
    'the rest kept for the state a journey carries when it continues as new';
  const at = (largest && seq.fieldAt[largest.part]) ?? seq.at;
  return [{ message, ...at, ...(largest && { field: largest.part }) }];
}

/** The size Temporal's JSON payload converter gives the value. */
function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
