import { CHANNELS } from '../../sequences/model';
import { percent } from '../numbers';
import type { CohortStats, ReportGraph } from '../types';
import { esc } from './escape';

type Cell = string | number;

function htmlTable(head: string[], rows: Cell[][], fail?: (row: Cell[], col: number) => boolean): string {
  const cls = (cell: Cell, row: Cell[], col: number) =>
    [typeof cell === 'number' || /%$|^–$/.test(cell) ? 'n' : '', fail?.(row, col) ? 'fail' : ''].filter(Boolean).join(' ');
  const numericHead = rows[0] ?? [];
  const th = head.map((h, col) => `<th${typeof numericHead[col] === 'number' ? ' class="n"' : ''}>${esc(h)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((cell, col) => `<td class="${cls(cell, row, col)}">${esc(cell)}</td>`).join('')}</tr>`)
    .join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Per node: entered, visits, done, failed. */
export function nodesTable(graph: ReportGraph, s: CohortStats): string {
  const action = new Map(graph.nodes.map((n) => [n.id, n.action]));
  const rows = s.nodes.map((n) => [n.id, action.get(n.id) ?? '', n.entered, n.visits, n.done, n.failed]);
  return htmlTable(['node', 'action', 'entered', 'visits', 'done', 'failed'], rows, (row, col) => col === 5 && Number(row[5]) > 0);
}

/** Conversions along the graph's edges, then sent → replied → positive. */
export function stepsTable(graph: ReportGraph, s: CohortStats): string {
  const within = new Map(graph.edges.map((e) => [`${e.from} ${e.trigger}`, e.within]));
  const rows: Cell[][] = s.steps.map((st) => {
    const w = within.get(`${st.from} ${st.trigger}`);
    return [`${st.from} → ${st.to}`, `${st.trigger}${w ? ` ${w}` : ''}`, st.entered, st.took, percent(st.took, st.entered)];
  });
  rows.push(['sent → replied', '', s.sentToReplied.from, s.sentToReplied.to, percent(s.sentToReplied.to, s.sentToReplied.from)]);
  rows.push(['replied → positive', '', s.repliedToPositive.from, s.repliedToPositive.to, percent(s.repliedToPositive.to, s.repliedToPositive.from)]);
  return htmlTable(['step', 'via', 'of', 'took', 'rate'], rows);
}

/** Sends per channel and the outcome counts, in one line. */
export function summaryLine(s: CohortStats): string {
  const sent = CHANNELS.map((ch) => `${ch} ${s.sent[ch]}`).join(' · ');
  return `<p class="summary">sent: ${esc(sent)}<br>messaged ${esc(s.messaged)} · reads ${esc(s.reads)} · replies ${esc(s.replies)} · positive ${esc(s.positiveReplies)}</p>`;
}
