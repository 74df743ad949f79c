import assert from 'node:assert/strict';
import { assembleVersion } from '../../src/reports/assemble';
import { renderHtml } from '../../src/reports/html/page';
import type { Report } from '../../src/reports/types';
import type { SequenceGraph } from '../../src/sequences/model';

/** Not a valid sequence (ids are checked at publish time), but the page must not trust the database. */
const HOSTILE: SequenceGraph = {
  name: '<script>alert("name")</script>',
  start: 'n<1>',
  nodes: [
    { id: 'n<1>', action: 'SEND_TWITTER_DM', template: 't&"x' },
    { id: "n'2", action: 'FOLLOW_ON_TWITTER' },
  ],
  edges: [
    { from: 'n<1>', to: "n'2", trigger: 'NORMAL_EDGE' },
    { from: "n'2", to: null, trigger: 'END' },
  ],
  templates: {
    't&"x': {
      id: 't&"x',
      variants: [
        { id: '<b>bold</b>', weight: 50, body: '' },
        { id: 'plain', weight: 50, body: '' },
      ],
    },
  },
};

function page(graph: SequenceGraph): string {
  const version = assembleVersion({ id: '1', version: 1, graph, publishedAt: new Date('2026-11-28T10:00:00Z') }, []);
  const report: Report = { sequence: graph.name, versions: [version] };
  return renderHtml(report, new Date('2026-11-28T12:00:00Z'));
}

describe('report page', () => {
  it('escapes every string from the database, in text and in attributes', () => {
    const html = page(HOSTILE);
    for (const raw of ['<script', '<b>bold', 'n<1>', `data-node="n'2"`, 't&"x']) assert.ok(!html.includes(raw), `unescaped: ${raw}`);
    assert.match(html, /&lt;script&gt;alert\(&quot;name&quot;\)&lt;\/script&gt;/);
    assert.match(html, /data-node="n&lt;1&gt;"/);
    assert.match(html, /data-node="n&#39;2"/);
    assert.match(html, /template “t&amp;&quot;x”/);
    assert.match(html, /Variant “&lt;b&gt;bold&lt;\/b&gt;”/);
  });

  it('is self-contained: inline style and SVG only, nothing to fetch, no script, and a policy that forbids both', () => {
    const html = page(HOSTILE);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/);
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|\bsrc=|\bhref=|@import|https?:/i);
    assert.deepEqual(html.match(/url\([^)]*\)/g)?.every((u) => u.startsWith('url(#')), true);
  });
});
