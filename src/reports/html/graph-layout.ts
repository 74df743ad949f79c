import type { ReportGraph } from '../types';

export interface Box {
  /** A node id, or `end:N` for the end of the journey after edge N. */
  id: string;
  kind: 'node' | 'end';
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Layout {
  boxes: Map<string, Box>;
  width: number;
  height: number;
  /** Where edges back up (or sideways) are routed: right of every box. */
  backLane: number;
}

const NODE_H = 66;
/** Vertical space between layers, where forward edges and their labels run. */
const V_GAP = 104;
const END_W = 64;
const END_H = 28;
const H_GAP = 56;
const MARGIN = 24;
/** Under the last layer: edges routed round from it run there. */
const BELOW_LAST = 36;

export function endId(edgeIndex: number): string {
  return `end:${edgeIndex}`;
}

/**
 * Top-down layers by BFS depth from the start node; an edge that ends the journey gets its own small
 * `end` box one layer below its node. Each layer is ordered by the mean x of the boxes its edges come
 * from (fewer crossings) and centred. `sideRoom` is kept free on the right for edges routed round, and
 * `loopRoom` right of each node with a loop, for the loop and its label.
 */
export function layoutGraph(graph: ReportGraph, nodeWidth: number, sideRoom: number, loopRoom = new Map<string, number>()): Layout {
  const depthOf = new Map(graph.nodes.map((n) => [n.id, n.depth]));
  const layers = new Map<number, { id: string; kind: Box['kind']; parents: string[] }[]>();
  const put = (depth: number, id: string, kind: Box['kind'], parents: string[]) =>
    layers.set(depth, [...(layers.get(depth) ?? []), { id, kind, parents }]);
  for (const node of graph.nodes) {
    const parents = graph.edges.filter((e) => e.to === node.id && (depthOf.get(e.from) ?? 0) < node.depth).map((e) => e.from);
    put(node.depth, node.id, 'node', parents);
  }
  graph.edges.forEach((e, i) => {
    if (e.to === null) put((depthOf.get(e.from) ?? 0) + 1, endId(i), 'end', [e.from]);
  });

  const widthOf = (it: { id: string; kind: Box['kind'] }) => (it.kind === 'node' ? nodeWidth : END_W) + (loopRoom.get(it.id) ?? 0);
  const layerWidth = (items: { id: string; kind: Box['kind'] }[]) =>
    items.reduce((sum, it) => sum + widthOf(it), 0) + H_GAP * Math.max(0, items.length - 1);
  const content = Math.max(...[...layers.values()].map(layerWidth), nodeWidth);

  const boxes = new Map<string, Box>();
  const centre = (id: string) => {
    const b = boxes.get(id);
    return b ? b.x + b.w / 2 : 0;
  };
  const depths = [...layers.keys()].sort((a, b) => a - b);
  for (const depth of depths) {
    const items = layers.get(depth) ?? [];
    const mean = (parents: string[]) => (parents.length === 0 ? 0 : parents.reduce((s, p) => s + centre(p), 0) / parents.length);
    const ordered = items.map((it, i) => ({ it, i, at: mean(it.parents) })).sort((a, b) => a.at - b.at || a.i - b.i);
    let x = MARGIN + (content - layerWidth(items)) / 2;
    const top = MARGIN + depth * (NODE_H + V_GAP);
    for (const { it } of ordered) {
      const [w, h] = it.kind === 'node' ? [nodeWidth, NODE_H] : [END_W, END_H];
      boxes.set(it.id, { id: it.id, kind: it.kind, x, y: top + (NODE_H - h) / 2, w, h });
      x += widthOf(it) + H_GAP;
    }
  }
  const deepest = depths[depths.length - 1] ?? 0;
  const backLane = MARGIN + content + 32;
  return {
    boxes,
    width: sideRoom > 0 ? backLane + sideRoom + MARGIN : MARGIN * 2 + content,
    height: MARGIN * 2 + deepest * (NODE_H + V_GAP) + NODE_H + BELOW_LAST,
    backLane,
  };
}
