import { percent } from '../numbers';
import type { FunnelStage } from '../funnel';

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const MIN_BAR = 10;

/** A bar of `fraction` (0..1) of `width` cells, to the eighth of a cell. */
export function bar(fraction: number, width: number): string {
  const eighths = Math.round(Math.min(Math.max(fraction, 0), 1) * width * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

/**
 * The funnel as horizontal bars, `label  bar  count  share`, fitted to `columns`: labels and numbers
 * keep their width and the bars take what is left (at least ten cells).
 */
export function funnelLines(stages: FunnelStage[], columns: number, indent = '  '): string[] {
  const whole = stages[0]?.count ?? 0;
  const labels = stages.map((s) => `${'  '.repeat(s.depth ?? 0)}${s.label}`);
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const countWidth = Math.max(...stages.map((s) => String(s.count).length));
  const shareWidth = 6;
  const barWidth = Math.max(MIN_BAR, columns - indent.length - labelWidth - countWidth - shareWidth - 6);
  const top = Math.max(...stages.map((s) => s.count), 1);
  return stages.map((s, i) => {
    const drawn = bar(s.count / top, barWidth).padEnd(barWidth);
    const share = percent(s.count, whole).padStart(shareWidth);
    return `${indent}${labels[i]?.padEnd(labelWidth)}  ${drawn}  ${String(s.count).padStart(countWidth)}  ${share}`;
  });
}
