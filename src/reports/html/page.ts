import { funnelStages } from '../funnel';
import { formatTime, percent } from '../numbers';
import type { CohortStats, Report, ReportGraph, VersionReport } from '../types';
import { esc } from './escape';
import { funnelSvg } from './funnel-svg';
import { graphSvg } from './graph-svg';
import { STYLES } from './styles';
import { nodesTable, stepsTable, summaryLine } from './tables';

/**
 * The report as one self-contained page: inline CSS and SVG, no script, and a Content-Security-Policy
 * that forbids fetching anything, so it opens offline and leaks nothing. Every string from the
 * database is escaped.
 */
export function renderHtml(report: Report, generatedAt: Date): string {
  const journeys = report.versions.reduce((sum, v) => sum + v.all.enrolled, 0);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Report: ${esc(report.sequence)}</title>
<style>${STYLES}</style></head>
<body>
<h1>Sequence “${esc(report.sequence)}”</h1>
<p class="meta">${esc(report.versions.length)} version(s) · ${esc(journeys)} journeys · generated ${esc(formatTime(generatedAt.toISOString()))}</p>
${report.versions.map(versionSection).join('\n')}
</body></html>
`;
}

function versionSection(v: VersionReport): string {
  const head = `<h2>Version ${esc(v.version)} <small>published ${esc(formatTime(v.publishedAt))} · ${esc(v.all.enrolled)} journeys</small></h2>`;
  const graph = `<figure class="scroll"><figcaption>Sequence graph (all journeys)</figcaption>${graphSvg(v.graph, v.all, `v${v.version}`)}</figure>`;
  const funnel = `<figure><figcaption>Funnel (all journeys)</figcaption>${funnelSvg(funnelStages(v.graph, v.all))}</figure>`;
  const tests = v.abTests.map((t) => {
    const cards = t.variants.map((variant) => {
      const title = `Variant “${esc(variant.variant)}” <small>weight ${esc(variant.weight)} · ${esc(variant.enrolled)} journeys (${esc(percent(variant.enrolled, v.all.enrolled))})</small>`;
      return `<div class="variant"><h3>${title}</h3>${cohortBody(v.graph, variant)}</div>`;
    });
    return `<h3>A/B test: template “${esc(t.template)}”</h3><div class="variants">${cards.join('')}</div>`;
  });
  return `<section class="version">${head}<div class="row">${graph}${funnel}</div>
${cohortTables(v.graph, v.all)}${tests.join('')}</section>`;
}

function cohortTables(graph: ReportGraph, s: CohortStats): string {
  return `<div class="row"><div>${nodesTable(graph, s)}${summaryLine(s)}</div><div>${stepsTable(graph, s)}</div></div>`;
}

function cohortBody(graph: ReportGraph, s: CohortStats): string {
  return `<div class="scroll">${funnelSvg(funnelStages(graph, s))}</div>${nodesTable(graph, s)}${summaryLine(s)}${stepsTable(graph, s)}`;
}
