import type { AuthoredSequence, AuthoredTemplate } from './authored';
import { startNodeId } from './graph-rules';
import { CONDITIONAL_TRIGGERS, type MessageTemplate, type SequenceEdge, type SequenceGraph, type SequenceNode } from './model';

/** Assumes a sequence that passed every check. */
export function compileSequence(seq: AuthoredSequence): SequenceGraph {
  const nodes: SequenceNode[] = seq.nodes.map((n) => ({
    id: n.id,
    action: required(n.action),
    ...(n.template !== undefined && { template: n.template }),
    ...(n.maxVisits !== undefined && { maxVisits: n.maxVisits }),
  }));
  const windows = nodeWindows(seq);
  const edges: SequenceEdge[] = seq.edges.map((e) => {
    const trigger = required(e.trigger);
    const windowMs = CONDITIONAL_TRIGGERS[trigger] ? windows.get(required(e.from)) : undefined;
    return { from: required(e.from), to: e.to ?? null, trigger, ...(windowMs !== undefined && { withinMs: windowMs }) };
  });
  return {
    name: required(seq.name),
    ...(seq.description !== undefined && { description: seq.description }),
    start: required(startNodeId(seq)),
    nodes,
    edges,
    templates: Object.fromEntries(seq.templates.map((t) => [t.id, compileTemplate(t)])),
  };
}

/** Every conditional edge of a node carries the node's one window, wherever it was written: the first one stated. */
function nodeWindows(seq: AuthoredSequence): Map<string, number> {
  const windows = new Map<string, number>();
  for (const e of seq.edges) {
    if (e.from !== undefined && e.withinMs !== undefined && !windows.has(e.from)) windows.set(e.from, e.withinMs);
  }
  return windows;
}

function compileTemplate(t: AuthoredTemplate): MessageTemplate {
  const weights = splitWeights(t.variants.map((v) => v.weight));
  return {
    id: t.id,
    variants: t.variants.map((v, i) => ({
      id: v.id,
      weight: weights[i] ?? 0,
      ...(v.subject && { subject: v.subject.text }),
      body: required(v.body).text,
    })),
  };
}

/** Given weights as they are; when all are omitted, 100 split equally and the last takes the remainder. */
function splitWeights(weights: (number | undefined)[]): number[] {
  if (weights.some((w) => w !== undefined)) return weights.map((w) => w ?? 0);
  const share = Math.floor(100 / weights.length);
  return weights.map((_, i) => (i === weights.length - 1 ? 100 - share * (weights.length - 1) : share));
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('compileSequence needs a validated sequence');
  return value;
}
