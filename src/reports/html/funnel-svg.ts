import type { FunnelStage } from '../funnel';
import { percent } from '../numbers';
import { esc, px, textWidth } from './escape';

const ROW = 28;
const BAR_H = 18;
const BAR_W = 320;

/** The funnel as horizontal SVG bars, each with its count and its share of the first stage. */
export function funnelSvg(stages: FunnelStage[]): string {
  const labelW = Math.max(80, ...stages.map((s) => textWidth(s.label, 13) + 16));
  const whole = stages[0]?.count ?? 0;
  const top = Math.max(1, ...stages.map((s) => s.count));
  const width = labelW + BAR_W + 120;
  const height = stages.length * ROW + 8;
  const rows = stages.map((s, i) => {
    const y = 4 + i * ROW;
    const w = (BAR_W * s.count) / top;
    const kind = s.depth === undefined ? 'outcome' : 'step';
    return `<g class="stage ${kind}">` +
      `<text class="label" x="${px(labelW - 10)}" y="${px(y + BAR_H - 4)}">${esc(s.label)}</text>` +
      `<rect class="track" x="${px(labelW)}" y="${px(y)}" width="${BAR_W}" height="${BAR_H}" rx="3"/>` +
      `<rect class="bar" x="${px(labelW)}" y="${px(y)}" width="${px(w)}" height="${BAR_H}" rx="3"/>` +
      `<text class="value" x="${px(labelW + BAR_W + 10)}" y="${px(y + BAR_H - 4)}">${esc(s.count)} · ${esc(percent(s.count, whole))}</text></g>`;
  });
  return `<svg class="funnel" width="${px(width)}" height="${px(height)}" viewBox="0 0 ${px(width)} ${px(height)}" role="img" aria-label="funnel">${rows.join('')}</svg>`;
}
