import type { CreateAudienceResult } from './create';
import type { ImportResult } from './import';
import type { AudienceDetails, AudienceSummary } from './inspect';

const n = (value: number) => value.toLocaleString('en-US');
const members = (count: number) => `${n(count)} member${count === 1 ? '' : 's'}`;

/** `file:line: reason`, one a line, then a count of those not kept. */
export function formatProblems(r: ImportResult): string[] {
  const lines = r.problems.map((p) => `${r.file}:${p.line}: ${p.reason}`);
  const omitted = r.badRows - r.problems.length;
  if (omitted > 0) lines.push(`${r.file}: ${n(omitted)} more bad rows not shown`);
  return lines;
}

export function formatImport(r: ImportResult): string {
  const rate = r.seconds > 0 ? Math.round(r.imported / r.seconds) : r.imported;
  return (
    `audience "${r.audience}": ${members(r.members)} from ${r.file} ` +
    `(${n(r.rows)} rows: ${n(r.imported)} imported, ${n(r.badRows)} bad; ${n(r.personsCreated)} new persons, ` +
    `${n(r.personsMerged)} merged) in ${r.seconds.toFixed(1)}s, ${n(rate)} rows/s`
  );
}

export function formatCreate(r: CreateAudienceResult): string {
  return r.dryRun
    ? `audience "${r.audience}" would have ${members(r.members)} (filter: ${r.filter}); nothing created`
    : `audience "${r.audience}": ${members(r.members)} (filter: ${r.filter})`;
}

function describeSource(a: AudienceSummary): string {
  const s = a.source;
  if ('kind' in s && s.kind === 'import') return `import of ${s.file} (${n(s.rows)} rows, ${n(s.bad_rows)} bad)`;
  if ('kind' in s && s.kind === 'filter') return `filter: ${s.expression}`;
  return 'created outside the CLI';
}

export function formatList(list: readonly AudienceSummary[]): string {
  if (list.length === 0) return 'no audiences yet: `outreach audience import NAME FILE.csv` or `outreach audience create NAME --from FILTER`';
  const width = Math.max(...list.map((a) => a.name.length), 8);
  const size = Math.max(...list.map((a) => members(a.members).length), 9);
  return list
    .map((a) => `${a.name.padEnd(width)}  ${members(a.members).padStart(size)}  ${a.createdAt.toISOString()}  ${describeSource(a)}`)
    .join('\n');
}

export function formatShow(a: AudienceDetails): string {
  return [
    `audience "${a.name}" (id ${a.id}), snapshot taken ${a.createdAt.toISOString()}`,
    `  source:      ${describeSource(a)}`,
    `  members:     ${n(a.members)}`,
    `  reachable:   X ${n(a.reachable.x)}, email ${n(a.reachable.email)}, LinkedIn ${n(a.reachable.linkedin)}, crypto ${n(a.reachable.crypto)}`,
    `  merged since the snapshot: ${n(a.mergedSince)}`,
    `  journeys started from it:  ${n(a.enrollments)}`,
    `  variables:   ${a.variables.join(', ') || '(none)'}`,
  ].join('\n');
}
