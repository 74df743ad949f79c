import type { JourneyStats } from '../db/journeyStats';

function table(rows: (string | number)[][]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => String(r[col] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, col) => String(cell).padEnd(widths[col] ?? 0)).join('  ').trimEnd()).join('\n');
}

export function formatStats(sequence: string, stats: JourneyStats): string {
  const sections = [
    `Journeys in "${sequence}" by status`,
    table([['status', 'journeys', 'reason'], ...stats.statuses.map((s) => [s.status, s.journeys, s.endReason ?? ''])]),
    '',
    'Per node',
    table([['node', 'entered', 'sent', 'failed'], ...stats.nodes.map((n) => [n.nodeId, n.entered, n.sent, n.failed])]),
    '',
    'Branches taken',
    table([['from node', 'trigger', 'journeys'], ...stats.branches.map((b) => [b.nodeId, b.trigger, b.journeys])]),
    '',
    'A/B variants',
    table([
      ['template', 'variant', 'chosen', 'replied', 'positive'],
      ...stats.variants.map((v) => [v.template, v.variant, v.chosen, v.replied, v.positive]),
    ]),
  ];
  return sections.join('\n');
}
