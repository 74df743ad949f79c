import type { ReportGraph } from '../types';
import { px } from './escape';
import { endId, type Box, type Layout } from './graph-layout';

type Edge = ReportGraph['edges'][number];
type Point = [number, number];

export interface Route {
  /** SVG path data, ending where the arrowhead goes. */
  d: string;
  label: Point;
  anchor: 'start' | 'middle';
}

export type EdgeKind = 'down' | 'back' | 'self';

export function edgeKind(graph: ReportGraph, e: Edge): EdgeKind {
  if (e.to === e.from) return 'self';
  const depth = (id: string) => graph.nodes.find((n) => n.id === id)?.depth ?? 0;
  return e.to !== null && depth(e.to) <= depth(e.from) ? 'back' : 'down';
}

/**
 * Paths for every edge, in the graph's edge order. Edges down to a later layer are curves from the
 * bottom of one box to the top of the other, their ports ordered by where the far end is, so they do
 * not cross at the box. Edges back up or sideways run through the gaps between layers and a lane right
 * of every box, never across one. An edge to its own node is a small loop at the box's corner.
 */
export function routeEdges(graph: ReportGraph, layout: Layout): Route[] {
  const box = (id: string) => layout.boxes.get(id) as Box;
  const far = (e: Edge, i: number) => box(e.to ?? endId(i));
  const centre = (b: Box) => b.x + b.w / 2;
  const kinds = graph.edges.map((e) => edgeKind(graph, e));
  const routed = graph.edges.map((e, i) => ({ e, i, kind: kinds[i] as EdgeKind })).filter((r) => r.kind !== 'self');
  const port = (b: Box, i: number, side: 'out' | 'in') => {
    const peers = routed
      .filter(({ e, i: j }) => (side === 'out' ? e.from : far(e, j).id) === b.id)
      .map(({ e, i: j, kind }) => ({ j, at: kind === 'back' ? Infinity : centre(side === 'out' ? far(e, j) : box(e.from)) }))
      .sort((a, b2) => a.at - b2.at || a.j - b2.j);
    return b.x + (b.w * (peers.findIndex((p) => p.j === i) + 1)) / (peers.length + 1);
  };
  let backs = 0;
  return graph.edges.map((e, i) => {
    const from = box(e.from);
    const to = far(e, i);
    if (kinds[i] === 'self') return selfLoop(from);
    const start: Point = [port(from, i, 'out'), from.y + from.h];
    const end: Point = [port(to, i, 'in'), to.y];
    if (kinds[i] === 'back') {
      const k = backs++;
      const lane = layout.backLane + 16 * k;
      const below = from.y + from.h + 18 + 6 * k;
      const above = to.y - 18 - 6 * k;
      const d = rounded([start, [start[0], below], [lane, below], [lane, above], [end[0], above], end], 8);
      return { d, label: [lane + 6, (below + above) / 2], anchor: 'start' };
    }
    const bend = (end[1] - start[1]) / 2;
    const c1: Point = [start[0], start[1] + bend];
    const c2: Point = [end[0], end[1] - bend];
    return { d: `M${pt(start)} C${pt(c1)} ${pt(c2)} ${pt(end)}`, label: bezier(start, c1, c2, end, 0.62), anchor: 'middle' };
  });
}

function selfLoop(b: Box): Route {
  const start: Point = [b.x + b.w - 24, b.y + b.h];
  const end: Point = [b.x + b.w, b.y + b.h - 20];
  const d = `M${pt(start)} C${pt([start[0], start[1] + 44])} ${pt([end[0] + 44, end[1]])} ${pt(end)}`;
  return { d, label: [b.x + b.w + 40, b.y + b.h - 14], anchor: 'start' };
}

/** A polyline with its corners rounded off. */
function rounded(points: Point[], radius: number): string {
  const [first, ...rest] = points;
  if (!first) return '';
  let d = `M${pt(first)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [p, c, n] = [points[i - 1], points[i], points[i + 1]] as [Point, Point, Point];
    d += ` L${pt(toward(c, p, radius))} Q${pt(c)} ${pt(toward(c, n, radius))}`;
  }
  return `${d} L${pt(rest[rest.length - 1] ?? first)}`;
}

function toward(from: Point, to: Point, r: number): Point {
  const len = Math.hypot(to[0] - from[0], to[1] - from[1]);
  const t = len === 0 ? 0 : Math.min(r, len / 2) / len;
  return [from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t];
}

function bezier(p0: Point, p1: Point, p2: Point, p3: Point, t: number): Point {
  const u = 1 - t;
  const mix = (k: 0 | 1) => u * u * u * p0[k] + 3 * u * u * t * p1[k] + 3 * u * t * t * p2[k] + t * t * t * p3[k];
  return [mix(0), mix(1)];
}

function pt([x, y]: Point): string {
  return `${px(x)},${px(y)}`;
}
