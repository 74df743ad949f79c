import type { CohortStats, ReportGraph } from '../types';
import { esc, px, textWidth } from './escape';
import { edgeKind, routeEdges, type Route } from './graph-edges';
import { layoutGraph, type Box } from './graph-layout';

type Edge = ReportGraph['edges'][number];

const LABEL_SIZE = 11;

/**
 * The sequence graph as SVG: nodes as boxes (id, action, counts), laid out top-down by BFS depth, and
 * edges as arrows labelled with trigger, window and how many journeys took them.
 */
export function graphSvg(graph: ReportGraph, stats: CohortStats, idPrefix: string): string {
  const counts = new Map(stats.nodes.map((n) => [n.id, n]));
  const countLine = (id: string) => {
    const n = counts.get(id);
    const visits = n && n.visits !== n.entered ? ` (${n.visits} visits)` : '';
    return `entered ${n?.entered ?? 0}${visits} · done ${n?.done ?? 0} · failed ${n?.failed ?? 0}`;
  };
  const nodeWidth = Math.max(
    190,
    ...graph.nodes.flatMap((n) => [textWidth(n.id, 15), textWidth(n.action, 12), textWidth(countLine(n.id), 12)].map((w) => w + 28)),
  );
  const labels = graph.edges.map((e) => edgeLabel(e, stats));
  const labelWidth = (i: number) => Math.max(...(labels[i] ?? []).map((l) => textWidth(l, LABEL_SIZE)));
  const kinds = graph.edges.map((e) => edgeKind(graph, e));
  const sideRoom = Math.max(0, ...kinds.map((k, i) => (k === 'back' ? labelWidth(i) + 40 : 0)));
  const loopRoom = new Map(graph.edges.flatMap((e, i) => (kinds[i] === 'self' ? [[e.from, labelWidth(i) + 48] as const] : [])));
  const layout = layoutGraph(graph, nodeWidth, sideRoom, loopRoom);
  const marker = `${idPrefix}-arrow`;
  const arrows = routeEdges(graph, layout).map((route, i) => arrow(route, labels[i] ?? [], marker));
  const boxes = [...layout.boxes.values()].map((b) => (b.kind === 'end' ? endBox(b) : nodeBox(b, graph, countLine(b.id), counts.get(b.id)?.failed ?? 0)));
  const size = `width="${px(layout.width)}" height="${px(layout.height)}" viewBox="0 0 ${px(layout.width)} ${px(layout.height)}"`;
  return `<svg class="graph" ${size} role="img" aria-label="sequence graph">` +
    `<defs><marker id="${esc(marker)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>` +
    `${arrows.join('')}${boxes.join('')}</svg>`;
}

function nodeBox(b: Box, graph: ReportGraph, countLine: string, failed: number): string {
  const action = graph.nodes.find((n) => n.id === b.id)?.action ?? '';
  const cls = ['node', b.id === graph.start ? 'start' : '', failed > 0 ? 'has-failed' : ''].filter(Boolean).join(' ');
  const cx = px(b.x + b.w / 2);
  return `<g class="${cls}" data-node="${esc(b.id)}"><rect x="${px(b.x)}" y="${px(b.y)}" width="${px(b.w)}" height="${px(b.h)}" rx="8"/>` +
    `<text class="id" x="${cx}" y="${px(b.y + 22)}">${esc(b.id)}</text>` +
    `<text class="action" x="${cx}" y="${px(b.y + 39)}">${esc(action)}</text>` +
    `<text class="counts" x="${cx}" y="${px(b.y + 56)}">${esc(countLine)}</text></g>`;
}

function endBox(b: Box): string {
  return `<g class="end"><rect x="${px(b.x)}" y="${px(b.y)}" width="${px(b.w)}" height="${px(b.h)}" rx="14"/>` +
    `<text x="${px(b.x + b.w / 2)}" y="${px(b.y + b.h / 2 + 4)}">end</text></g>`;
}

function edgeLabel(e: Edge, stats: CohortStats): string[] {
  const first = `${e.trigger}${e.within ? ` · ${e.within}` : ''}`;
  const step = stats.steps.find((s) => s.from === e.from && s.trigger === e.trigger);
  return step ? [first, `${step.took} of ${step.entered}`] : [first];
}

function arrow(route: Route, lines: string[], marker: string): string {
  const [x, y] = route.label;
  const tspans = lines
    .map((line, k) => `<tspan x="${px(x)}" dy="${k === 0 ? px(-(lines.length - 1) * 6.5 + 4) : '13'}">${esc(line)}</tspan>`)
    .join('');
  return `<g class="edge"><path d="${route.d}" marker-end="url(#${esc(marker)})"/>` +
    `<text x="${px(x)}" y="${px(y)}" text-anchor="${route.anchor}">${tspans}</text></g>`;
}
