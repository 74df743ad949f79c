/** The page's only stylesheet, inlined: the report must open anywhere, offline, with nothing fetched. */
export const STYLES = `
:root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --line: #cbd2d9; --bar: #3b82c4; --fail: #c0392b; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); margin: 0; padding: 24px 32px 48px; background: #f7f9fb; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 12px; }
h3 { font-size: 15px; margin: 20px 0 8px; }
.meta, small { color: var(--muted); font-weight: normal; }
section.version { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 20px 24px; margin-top: 24px; }
.row { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
figure { margin: 0; }
figcaption { color: var(--muted); font-size: 12px; margin-bottom: 6px; text-transform: uppercase; letter-spacing: .04em; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 8px 0 4px; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 10px; border-bottom: 1px solid #e4e7eb; text-align: left; }
th { color: var(--muted); font-weight: 600; font-size: 12px; }
td.n, th.n { text-align: right; }
td.fail { color: var(--fail); font-weight: 600; }
.variants { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 16px; }
.variant { border: 1px solid #e4e7eb; border-radius: 8px; padding: 12px 16px; }
.summary { color: var(--muted); margin: 6px 0; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
svg.graph .node rect { fill: #eef4fb; stroke: #5b7da8; stroke-width: 1.5; }
svg.graph .node.start rect { stroke-width: 3; }
svg.graph .node.has-failed .counts { fill: var(--fail); }
svg.graph .node text { text-anchor: middle; fill: var(--ink); }
svg.graph .node .id { font-size: 15px; font-weight: 700; }
svg.graph .node .action { font-size: 12px; fill: var(--muted); }
svg.graph .node .counts { font-size: 12px; }
svg.graph .end rect { fill: #f1f3f5; stroke: #9aa5b1; }
svg.graph .end text { text-anchor: middle; font-size: 12px; fill: var(--muted); }
svg.graph .edge path { fill: none; stroke: #7b8794; stroke-width: 1.4; }
svg.graph marker path { fill: #7b8794; }
svg.graph .edge text { font-size: 11px; fill: #3e4c59; paint-order: stroke; stroke: #fff; stroke-width: 4px; stroke-linejoin: round; }
svg.funnel .label { text-anchor: end; font-size: 13px; fill: var(--ink); }
svg.funnel .track { fill: #edf0f3; }
svg.funnel .bar { fill: var(--bar); }
svg.funnel .outcome .bar { fill: #2f9e6e; }
svg.funnel .value { font-size: 12px; fill: var(--ink); font-variant-numeric: tabular-nums; }
`;
