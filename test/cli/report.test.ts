import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildReport } from '../../src/reports/build';
import type { CohortStats, Report, ReportGraph } from '../../src/reports/types';
import { CHANNELS } from '../../src/sequences/model';
import { runCli } from '../support/cli';
import { testDbUrl } from '../support/database';
import { useJourneyHarness } from '../support/journeys';
import { expectedAbTests, expectedCohort, pathsOf } from '../reports/expected';
import { runScenario, type Scenario } from '../reports/scenario';

/** `40.0%` of the whole, `–` of nothing: how both renderers print a share. */
const share = (part: number, whole: number) => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`);

/** The funnel's stages as [label, count, share of enrolled]: enrolled, each node (BFS order), read once seen, replied, positive. */
function funnel(graph: ReportGraph, s: CohortStats): [string, number, string][] {
  const entered = (id: string) => s.nodes.find((n) => n.id === id)?.entered ?? 0;
  const stages: [string, number][] = [
    ['enrolled', s.enrolled],
    ...graph.nodes.map((n): [string, number] => [n.id, entered(n.id)]),
    ...(s.reads > 0 ? [['read', s.reads] as [string, number]] : []),
    ['replied', s.replies],
    ['positive', s.positiveReplies],
  ];
  return stages.map(([label, count]) => [label, count, share(count, s.enrolled)]);
}

/** What the text report must print for one cohort, as the cells of each line (columns are two or more spaces apart). */
function cohortCells(graph: ReportGraph, s: CohortStats): string[][] {
  const action = new Map(graph.nodes.map((n) => [n.id, n.action]));
  const within = new Map(graph.edges.map((e) => [`${e.from} ${e.trigger}`, e.within]));
  return [
    ...funnel(graph, s).map(([label, count, of]) => [label, String(count), of]),
    ['node', 'action', 'entered', 'done', 'failed'],
    ...s.nodes.map((n) => [n.id, action.get(n.id) ?? '', n.entered, n.done, n.failed].map(String)),
    [`sent: ${CHANNELS.map((ch) => `${ch} ${s.sent[ch]}`).join(' · ')}`],
    [`messaged ${s.messaged} · reads ${s.reads} · replies ${s.replies} · positive ${s.positiveReplies}`],
    ['step', 'via', 'of', 'took', 'rate'],
    ...s.steps.map((st) => {
      const w = within.get(`${st.from} ${st.trigger}`);
      return [`${st.from} → ${st.to}`, w ? `${st.trigger} ${w}` : st.trigger, String(st.entered), String(st.took), share(st.took, st.entered)];
    }),
    ['sent → replied', String(s.sentToReplied.from), String(s.sentToReplied.to), share(s.sentToReplied.to, s.sentToReplied.from)],
    ['replied → positive', String(s.repliedToPositive.from), String(s.repliedToPositive.to), share(s.repliedToPositive.to, s.repliedToPositive.from)],
  ];
}

interface PrintedCohort {
  /** The funnel's lines as printed, bars included. */
  funnel: string[];
  /** Every line as its cells, the bars left out. */
  cells: string[][];
}

/** The text report's cohorts, by `Version n: title`. */
function printedCohorts(text: string): Map<string, PrintedCohort> {
  const cohorts = new Map<string, PrintedCohort>();
  let version = '';
  let cohort: PrintedCohort | undefined;
  let inFunnel = false;
  for (const line of text.split('\n')) {
    const heading = /^── Version (\d+) /.exec(line);
    if (heading) {
      version = heading[1] ?? '';
      cohort = undefined;
    } else if (line === 'All journeys' || line.startsWith('Template "')) {
      cohort = { funnel: [], cells: [] };
      inFunnel = true;
      cohorts.set(`Version ${version}: ${line}`, cohort);
    } else if (line.trim() === '') {
      inFunnel = false;
    } else if (cohort) {
      if (inFunnel) cohort.funnel.push(line);
      cohort.cells.push(line.trim().split(/\s{2,}/).filter((cell) => !BAR.test(cell)));
    }
  }
  return cohorts;
}

const BAR = /^[█▏▎▍▌▋▊▉]+$/;

/** A bar's length in eighths of a cell. */
function barEighths(line: string): number {
  const bar = /[█▏▎▍▌▋▊▉]+/.exec(line)?.[0] ?? '';
  return [...bar].reduce((sum, c) => sum + (c === '█' ? 8 : '▏▎▍▌▋▊▉'.indexOf(c) + 1), 0);
}

/** What the scenario's hand-worked paths say each cohort of the text report must show. */
function expectedCohorts(scenario: Scenario, report: Report): Map<string, string[][]> {
  const cohorts = new Map<string, string[][]>();
  for (const v of report.versions) {
    const all = expectedCohort(v.graph, pathsOf(scenario, v.version));
    cohorts.set(`Version ${v.version}: All journeys`, cohortCells(v.graph, all));
    for (const test of expectedAbTests(scenario, v)) {
      for (const variant of test.variants) {
        const title = `Template "${test.template}", variant "${variant.variant}" (weight 50, ${share(variant.enrolled, all.enrolled)} of journeys)`;
        cohorts.set(`Version ${v.version}: ${title}`, variant.enrolled === 0 ? [['no journeys']] : cohortCells(v.graph, variant));
      }
    }
  }
  return cohorts;
}

describe('outreach report', function () {
  this.timeout(180_000);
  const h = useJourneyHarness();
  let scenario: Scenario;
  let report: Report;
  let env: Record<string, string>;

  before(async function () {
    this.timeout(180_000);
    scenario = await runScenario(h, 1);
    report = await buildReport(h.db, scenario.name);
    env = { DATABASE_URL: await testDbUrl() };
  });

  it('--json prints, as one JSON object, the numbers the scripted leads make, per version and per A/B variant', async () => {
    const { code, stdout, stderr } = await runCli(['report', '--sequence', scenario.name, '--json'], env);
    assert.equal(code, 0, stderr);
    const printed = JSON.parse(stdout) as Report;
    assert.deepEqual(printed, report);
    assert.deepEqual(printed.versions.map((v) => [v.version, v.all.enrolled, v.all.replies, v.all.positiveReplies]), [
      [1, 5, 2, 1],
      [2, 5, 2, 1],
    ]);
    for (const v of printed.versions) {
      assert.deepEqual(v.all, expectedCohort(v.graph, pathsOf(scenario, v.version)), `version ${v.version}`);
      assert.deepEqual(v.abTests, expectedAbTests(scenario, v), `version ${v.version}`);
    }
  });

  it('prints every funnel stage, node, send count, step and conversion of each cohort, fitted to 80 columns when stdout is not a terminal', async () => {
    const { code, stdout, stderr } = await runCli(['report', '--sequence', scenario.name], env);
    assert.equal(code, 0, stderr);
    assert.match(stdout, new RegExp(`^Sequence "${scenario.name}": 2 versions, 10 journeys\n`));
    assert.match(stdout, /── Version 1 · published .* · 5 journeys/);
    assert.match(stdout, /── Version 2 · published .* · 5 journeys/);
    const printed = printedCohorts(stdout);
    assert.deepEqual(new Map([...printed].map(([title, cohort]) => [title, cohort.cells])), expectedCohorts(scenario, report));
    for (const line of stdout.split('\n')) assert.ok([...line].length <= 80, `wider than 80 columns: ${line}`);
    for (const { funnel, cells } of printed.values()) {
      if (cells[0]?.[0] === 'no journeys') continue;
      const enrolled = Number(cells[0]?.[1]);
      const fullBar = barEighths(funnel[0] ?? '');
      assert.ok(fullBar >= 8 * 20, `the enrolled bar fills the width left: ${funnel[0]}`);
      for (const [i, line] of funnel.entries()) {
        assert.equal([...line].length, 80, line);
        assert.equal(barEighths(line), Math.round((Number(cells[i]?.[1]) / enrolled) * fullBar), `a bar as long as its share: ${line}`);
      }
    }
  });

  it('--html writes one self-contained page with the graph of every version and the funnel numbers', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'report-')), 'report.html');
    const { code, stderr } = await runCli(['report', '--sequence', scenario.name, '--html', file, '--json'], env);
    assert.equal(code, 0, stderr);
    const html = readFileSync(file, 'utf8');
    assert.equal(html.match(/<svg class="graph"/g)?.length, 2);
    assert.match(html, />FOLLOWED_BACK · 1d</);
    const sections = html.split('<section class="version">').slice(1);
    assert.equal(sections.length, 2);
    for (const [i, v] of report.versions.entries()) {
      const section = sections[i] ?? '';
      const all = expectedCohort(v.graph, pathsOf(scenario, v.version));
      const boxes = [...section.matchAll(/data-node="([^"]+)">.*?<text class="counts"[^>]*>([^<]*)</g)].map((m) => [m[1], m[2]]);
      assert.deepEqual(
        boxes.sort(),
        all.nodes.map((n) => [n.id, `entered ${n.entered} · done ${n.done} · failed ${n.failed}`]).sort(),
        `version ${v.version}`,
      );
      const firstFunnel = section.slice(section.indexOf('<svg class="funnel"'));
      const values = [...firstFunnel.slice(0, firstFunnel.indexOf('</svg>')).matchAll(/<text class="value"[^>]*>([^<]*)</g)].map((m) => m[1]);
      assert.deepEqual(values, funnel(v.graph, all).map(([, count, of]) => `${count} · ${of}`), `version ${v.version}`);
    }
    assert.doesNotMatch(html, /<script|<link|\bsrc=|@import|https?:/i);
  });

  it('exits 1 on an unknown sequence, naming it on stderr', async () => {
    const { code, stdout, stderr } = await runCli(['report', '--sequence', 'no-such-sequence-42'], env);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /sequence "no-such-sequence-42" does not exist/);
  });

  it('explains itself with --help and insists on --sequence', async () => {
    const help = await runCli(['report', '--help'], env);
    assert.equal(help.code, 0);
    for (const option of ['--sequence <name>', '--json', '--html <file>']) assert.ok(help.stdout.includes(option), help.stdout);
    const missing = await runCli(['report'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--sequence/);
  });
});
