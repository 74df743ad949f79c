import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildReport } from '../../src/reports/build';
import type { Report } from '../../src/reports/types';
import { runCli } from '../support/cli';
import { testDbUrl } from '../support/database';
import { useJourneyHarness } from '../support/journeys';
import { runScenario, type Scenario } from '../reports/scenario';

describe('outreach report', function () {
  this.timeout(180_000);
  const h = useJourneyHarness();
  let scenario: Scenario;
  let env: Record<string, string>;

  before(async function () {
    this.timeout(180_000);
    scenario = await runScenario(h, 1);
    env = { DATABASE_URL: await testDbUrl() };
  });

  it('--json prints the same numbers the report module computes, as one JSON object', async () => {
    const { code, stdout, stderr } = await runCli(['report', '--sequence', scenario.name, '--json'], env);
    assert.equal(code, 0, stderr);
    const printed = JSON.parse(stdout) as Report;
    assert.deepEqual(printed, await buildReport(h.db, scenario.name));
    assert.deepEqual(printed.versions.map((v) => [v.version, v.all.enrolled, v.all.replies, v.all.positiveReplies]), [
      [1, 5, 2, 1],
      [2, 5, 2, 1],
    ]);
  });

  it('prints a funnel per version and per variant that fits 80 columns when stdout is not a terminal', async () => {
    const { code, stdout, stderr } = await runCli(['report', '--sequence', scenario.name], env);
    assert.equal(code, 0, stderr);
    assert.match(stdout, new RegExp(`^Sequence "${scenario.name}": 2 versions, 10 journeys`));
    assert.match(stdout, /── Version 1 · published .* · 5 journeys/);
    assert.match(stdout, /── Version 2 · published .* · 5 journeys/);
    assert.match(stdout, /^ {2}enrolled +█{20,} +5 +100\.0%$/m);
    assert.match(stdout, /^ {2}replied +█+\S* +2 +40\.0%$/m);
    assert.match(stdout, /^ {2}positive +█+\S* +1 +20\.0%$/m);
    assert.match(stdout, /^ {2}sent → replied +3 +2 +66\.7%$/m);
    assert.match(stdout, /Template "bump", variant "short"/);
    const funnel = stdout.split('\n').filter((line) => /█/.test(line));
    assert.ok(funnel.length > 0);
    for (const line of stdout.split('\n')) assert.ok([...line].length <= 80, `wider than 80 columns: ${line}`);
    for (const line of funnel) assert.equal([...line].length, 80, line);
  });

  it('--html writes one self-contained page with the graph of every version and the funnel numbers', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'report-')), 'report.html');
    const { code, stderr } = await runCli(['report', '--sequence', scenario.name, '--html', file, '--json'], env);
    assert.equal(code, 0, stderr);
    const html = readFileSync(file, 'utf8');
    assert.equal(html.match(/<svg class="graph"/g)?.length, 2);
    for (const id of ['follow', 'intro', 'check', 'bump', 'unfollow']) assert.match(html, new RegExp(`data-node="${id}"`));
    assert.match(html, />FOLLOWED_BACK · 1d</);
    assert.match(html, /entered 5 · done 5 · failed 0/);
    assert.match(html, />5 · 100\.0%</);
    assert.match(html, />2 · 40\.0%</);
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
