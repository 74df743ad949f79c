import { CHANNELS } from '../../sequences/model';
import { funnelStages } from '../funnel';
import { formatTime, percent } from '../numbers';
import type { CohortStats, Report, ReportGraph, VersionReport } from '../types';
import { funnelLines } from './bars';
import { table } from './table';

/** The report as text for a terminal `columns` wide: per version, all journeys and then each A/B variant. */
export function renderText(report: Report, columns: number): string {
  const journeys = report.versions.reduce((sum, v) => sum + v.all.enrolled, 0);
  const versions = report.versions.length;
  const lines = [`Sequence "${report.sequence}": ${plural(versions, 'version')}, ${plural(journeys, 'journey')}`];
  for (const version of report.versions) lines.push('', ...versionLines(version, columns));
  return lines.join('\n');
}

function versionLines(v: VersionReport, columns: number): string[] {
  const title = `── Version ${v.version} · published ${formatTime(v.publishedAt)} · ${plural(v.all.enrolled, 'journey')} `;
  const lines = [title.padEnd(Math.min(columns, 100), '─')];
  if (v.all.enrolled === 0) return [...lines, '  no journeys yet'];
  lines.push('', 'All journeys', ...cohortLines(v.graph, v.all, columns));
  for (const test of v.abTests) {
    for (const variant of test.variants) {
      const share = percent(variant.enrolled, v.all.enrolled);
      lines.push('', `Template "${test.template}", variant "${variant.variant}" (weight ${variant.weight}, ${share} of journeys)`);
      lines.push(...(variant.enrolled === 0 ? ['  no journeys'] : cohortLines(v.graph, variant, columns)));
    }
  }
  return lines;
}

function cohortLines(graph: ReportGraph, s: CohortStats, columns: number): string[] {
  const actions = new Map(graph.nodes.map((n) => [n.id, n.action]));
  const revisits = s.nodes.some((n) => n.visits !== n.entered);
  const nodeRows = s.nodes.map((n) => [
    n.id,
    actions.get(n.id) ?? '',
    n.entered,
    ...(revisits ? [n.visits] : []),
    n.done,
    n.failed,
  ]);
  const windows = new Map(graph.edges.map((e) => [`${e.from} ${e.trigger}`, e.within]));
  const stepRows = s.steps.map((st) => {
    const within = windows.get(`${st.from} ${st.trigger}`);
    return [`${st.from} → ${st.to}`, `${st.trigger}${within ? ` ${within}` : ''}`, st.entered, st.took, percent(st.took, st.entered)];
  });
  const outcomes = [
    ['sent → replied', '', s.sentToReplied.from, s.sentToReplied.to, percent(s.sentToReplied.to, s.sentToReplied.from)],
    ['replied → positive', '', s.repliedToPositive.from, s.repliedToPositive.to, percent(s.repliedToPositive.to, s.repliedToPositive.from)],
  ];
  return [
    ...funnelLines(funnelStages(graph, s), columns),
    '',
    ...table([['node', 'action', 'entered', ...(revisits ? ['visits'] : []), 'done', 'failed'], ...nodeRows]),
    '',
    `  sent: ${CHANNELS.map((ch) => `${ch} ${s.sent[ch]}`).join(' · ')}`,
    `  messaged ${s.messaged} · reads ${s.reads} · replies ${s.replies} · positive ${s.positiveReplies}`,
    '',
    ...table([['step', 'via', 'of', 'took', 'rate'], ...stepRows, ...outcomes]),
  ];
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
