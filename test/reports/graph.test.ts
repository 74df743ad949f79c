import assert from 'node:assert/strict';
import { reportGraph } from '../../src/reports/graph';
import { edgeKind, routeEdges } from '../../src/reports/html/graph-edges';
import { layoutGraph, type Box } from '../../src/reports/html/graph-layout';
import { formatWindow } from '../../src/reports/numbers';
import { compileSequence } from '../support/journeys';

/** Follow, then DM and nudge (a self-loop), with a reply check whose silence goes back up to the DM. */
const LOOPY = compileSequence(`
templates:
  hi: { body: "hi" }
nodes:
  - { id: follow, action: FOLLOW_ON_TWITTER }
  - { id: dm, action: SEND_TWITTER_DM, template: hi }
  - { id: unfollow, action: UNFOLLOW_ON_TWITTER }
  - { id: nudge, action: SEND_TWITTER_DM, template: hi, max_visits: 3 }
  - { id: check, action: CHECK_FOR_REPLY, max_visits: 2 }
edges:
  - { from: follow, to: dm, trigger: FOLLOWED_BACK, within: 36h }
  - { from: follow, to: unfollow, trigger: NOT_FOLLOWED_BACK }
  - { from: dm, to: check, trigger: NORMAL_EDGE }
  - { from: check, trigger: REPLIED, within: 90m }
  - { from: check, to: nudge, trigger: NOT_REPLIED }
  - { from: nudge, to: unfollow, trigger: REPLIED, within: 2d }
  - { from: nudge, to: nudge, trigger: NOT_REPLIED }
  - { from: unfollow, trigger: END }
`);

type Point = [number, number];

/** The points a path passes through or bends at (its commands' coordinates), in order. */
function points(d: string): Point[] {
  const numbers = (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
  const out: Point[] = [];
  for (let i = 0; i + 1 < numbers.length; i += 2) out.push([numbers[i] as number, numbers[i + 1] as number]);
  return out;
}

function crossesInterior(a: Point, b: Point, box: Box): boolean {
  const inset = 1;
  const [x1, x2] = [Math.min(a[0], b[0]), Math.max(a[0], b[0])];
  const [y1, y2] = [Math.min(a[1], b[1]), Math.max(a[1], b[1])];
  return x2 > box.x + inset && x1 < box.x + box.w - inset && y2 > box.y + inset && y1 < box.y + box.h - inset;
}

describe('report graph', () => {
  it('orders nodes by BFS depth from the start and labels each conditional edge with its pair’s window', () => {
    const graph = reportGraph(LOOPY);
    assert.deepEqual(graph.nodes.map((n) => [n.id, n.depth]), [['follow', 0], ['dm', 1], ['unfollow', 1], ['check', 2], ['nudge', 3]]);
    assert.deepEqual(graph.edges.map((e) => e.within), ['36h', '36h', null, '90m', '90m', '2d', '2d', null]);
    assert.deepEqual([formatWindow(36 * 3_600_000), formatWindow(90 * 60_000), formatWindow(1_500)], ['36h', '90m', '1500ms']);
  });

  it('routes edges that go back up round every box, never through one, and draws a self-loop at its own box', () => {
    const graph = reportGraph(LOOPY);
    const layout = layoutGraph(graph, 200, 150);
    const routes = routeEdges(graph, layout);
    const boxes = [...layout.boxes.values()];
    assert.deepEqual(graph.edges.map((e) => edgeKind(graph, e)), ['down', 'down', 'down', 'down', 'down', 'back', 'self', 'down']);
    const back = points(routes[5]?.d ?? '');
    for (let i = 0; i + 1 < back.length; i++) {
      for (const box of boxes) assert.ok(!crossesInterior(back[i] as Point, back[i + 1] as Point, box), `nudge -> unfollow crosses ${box.id}`);
    }
    assert.ok(back.every(([x]) => x <= layout.width), 'inside the canvas');
    const nudge = layout.boxes.get('nudge') as Box;
    const loop = points(routes[6]?.d ?? '');
    assert.ok(loop.every(([x, y]) => x >= nudge.x && y >= nudge.y && Math.abs(x - nudge.x - nudge.w) < 60 && y < nudge.y + nudge.h + 60));
  });

  it('orders each layer by where its edges come from, so sibling arrows do not cross', () => {
    const graph = reportGraph(LOOPY);
    const layout = layoutGraph(graph, 200, 0);
    const x = (id: string) => (layout.boxes.get(id) as Box).x;
    assert.ok(x('dm') < x('unfollow'));
    assert.equal(layout.boxes.size, graph.nodes.length + 2);
  });
});
