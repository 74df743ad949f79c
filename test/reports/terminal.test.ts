import assert from 'node:assert/strict';
import { assembleVersion } from '../../src/reports/assemble';
import { bar, funnelLines } from '../../src/reports/terminal/bars';
import { renderText } from '../../src/reports/terminal/render';
import { compileSequence } from '../support/journeys';

const stages = [
  { label: 'enrolled', count: 200 },
  { label: 'dm', count: 110, depth: 0 },
  { label: 'replied', count: 1 },
  { label: 'positive', count: 0 },
];

describe('terminal funnel', () => {
  it('draws bars to the eighth of a cell, clamped to the width', () => {
    assert.equal(bar(0.55, 10), '█████▌');
    assert.equal(bar(1, 4), '████');
    assert.equal(bar(3, 4), '████');
    assert.equal(bar(0, 10), '');
    assert.equal(bar(1 / 80, 10), '▏');
  });

  it('fills the width it is given, whatever it is, keeping counts and shares aligned', () => {
    for (const columns of [50, 80, 132]) {
      const lines = funnelLines(stages, columns);
      assert.ok(lines.every((l) => [...l].length === columns), `${columns}: ${lines.join('\n')}`);
      assert.deepEqual(lines.map((l) => l.slice(-11)), ['200  100.0%', '110   55.0%', '  1    0.5%', '  0    0.0%']);
    }
  });

  it('keeps ten cells of bar on a terminal too narrow for the rest', () => {
    const [line] = funnelLines([{ label: 'enrolled', count: 5 }], 12);
    assert.match(line ?? '', /^ {2}enrolled {2}█{10} {2}5 {2}100\.0%$/);
  });

  it('says so when a version has no journeys yet instead of drawing empty bars', () => {
    const graph = compileSequence(`
nodes:
  - { id: follow, action: FOLLOW_ON_TWITTER }
edges:
  - { from: follow, trigger: END }
`);
    const version = assembleVersion({ id: '1', version: 1, graph, publishedAt: new Date('2026-11-28T10:00:00Z') }, []);
    const text = renderText({ sequence: graph.name, versions: [version] }, 80);
    assert.equal(text, `Sequence "${graph.name}": 1 version, 0 journeys\n\n${'── Version 1 · published 2026-11-28 10:00 UTC · 0 journeys '.padEnd(80, '─')}\n  no journeys yet`);
  });
});
