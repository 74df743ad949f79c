import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testDb, testDbUrl } from '../support/database';
import { runCli } from '../support/cli';
import { uniqueName } from '../support/journeys';

const dir = mkdtempSync(path.join(tmpdir(), 'outreach-sequences-'));

function file(name: string, text: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
}

const GOOD = (name: string) => `name: ${name}
templates:
  hello: { body: "Hi {{ first_name | default: 'there' }}" }
nodes:
  - { id: follow, action: FOLLOW_ON_TWITTER }
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
edges:
  - { from: follow, to: dm, trigger: FOLLOWED_BACK, within: 3d }
  - { from: follow, trigger: NOT_FOLLOWED_BACK }
  - { from: dm, trigger: END }
`;

/** One bad file per kind of problem, with what the error must name. */
const BAD: { kind: string; text: string; mentions: RegExp }[] = [
  { kind: 'unknown action', text: GOOD('x').replace('FOLLOW_ON_TWITTER }', 'FOLLOW_ON_TWITER }'), mentions: /:5:\d+: node follow: unknown action "FOLLOW_ON_TWITER"/ },
  { kind: 'unknown trigger', text: GOOD('x').replace('trigger: END', 'trigger: FINISH'), mentions: /:10:\d+: .*unknown trigger "FINISH"/ },
  { kind: 'trigger that cannot follow its action', text: GOOD('x').replace('{ from: dm, trigger: END }', '{ from: dm, trigger: FOLLOWED_BACK, within: 1d }\n  - { from: dm, trigger: NOT_FOLLOWED_BACK }'), mentions: /:10:\d+: edge #3 \(dm -> \(end\), FOLLOWED_BACK\): FOLLOWED_BACK cannot follow SEND_TWITTER_DM/ },
  { kind: 'edge to a missing node', text: GOOD('x').replace('to: dm,', 'to: dm2,'), mentions: /:8:\d+: edge #1 \(follow -> dm2, FOLLOWED_BACK\): .*"dm2" does not exist/ },
  { kind: 'node with no way out', text: GOOD('x').replace('  - { from: dm, trigger: END }\n', ''), mentions: /node dm: has no way out/ },
  { kind: 'unreachable node', text: GOOD('x').replace('nodes:\n', 'nodes:\n  - { id: lost, action: UNFOLLOW_ON_TWITTER }\n').replace('edges:\n', 'start: follow\nedges:\n  - { from: lost, trigger: END }\n'), mentions: /node lost: is unreachable/ },
  { kind: 'conditional edge without its opposite', text: GOOD('x').replace('  - { from: follow, trigger: NOT_FOLLOWED_BACK }\n', ''), mentions: /FOLLOWED_BACK needs its opposite/ },
  { kind: 'conditional edge without a window', text: GOOD('x').replace(', within: 3d', ''), mentions: /window|within/ },
  { kind: 'unbounded cycle', text: GOOD('x').replace('{ from: dm, trigger: END }', '{ from: dm, to: follow, trigger: NORMAL_EDGE }'), mentions: /unbounded cycle/ },
  { kind: 'template variable nothing fills', text: GOOD('x').replace("{{ first_name | default: 'there' }}", '{{ company }}'), mentions: /:3:\d+: .*nothing fills \{\{ company \}\}/ },
  { kind: 'weights that do not add up', text: GOOD('x').replace(`hello: { body: "Hi {{ first_name | default: 'there' }}" }`, 'hello:\n    variants:\n      - { id: a, weight: 70, body: "A" }\n      - { id: b, weight: 20, body: "B" }'), mentions: /weights add up to 90, not 100/ },
  { kind: 'YAML syntax error', text: 'name: [oops\n', mentions: /:\d+:\d+: / },
];

describe('outreach sequence validate / publish', function () {
  this.timeout(60_000);
  let env: Record<string, string>;
  before(async () => {
    env = { DATABASE_URL: await testDbUrl() };
  });

  it('accepts a good file with exit code 0 and a summary', async () => {
    const result = await runCli(['sequence', 'validate', file('good.yaml', GOOD('good-one'))]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /valid sequence "good-one" \(2 nodes, 3 edges\)/);
  });

  for (const bad of BAD) {
    it(`rejects a file with ${bad.kind}: exit code 1, the culprit named`, async () => {
      const result = await runCli(['sequence', 'validate', file(`${bad.kind.replace(/\W+/g, '-')}.yaml`, bad.text)]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, bad.mentions);
      assert.match(result.stderr, /nothing stored/);
    });
  }

  it('lists every problem of a file with several, as JSON when asked', async () => {
    const text = GOOD('x').replace('FOLLOW_ON_TWITTER }', 'FOLLOW_ON_TWITER }').replace('to: dm,', 'to: dm2,');
    const result = await runCli(['sequence', 'validate', '--json', file('two.yaml', text)]);
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout) as { valid: boolean; problems: { message: string; line: number }[] };
    assert.equal(report.valid, false);
    assert.ok(report.problems.length >= 2);
    assert.ok(report.problems.every((p) => typeof p.line === 'number'));
  });

  it('publishes a good file as version 1, an identical one as nothing new, a changed one as version 2', async () => {
    const name = uniqueName('published');
    const v1 = file(`${name}-1.yaml`, GOOD(name));
    const v2 = file(`${name}-2.yaml`, GOOD(name).replace('within: 3d', 'within: 4d'));
    const first = await runCli(['sequence', 'publish', v1, '--json'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(JSON.parse(first.stdout), { sequence: name, version: 1, created: true });
    assert.deepEqual(JSON.parse((await runCli(['sequence', 'publish', v1, '--json'], env)).stdout), { sequence: name, version: 1, created: false });
    assert.match((await runCli(['sequence', 'publish', v2], env)).stdout, new RegExp(`published "${name}" version 2`));
  });

  it('stores nothing when publishing a bad file', async () => {
    const name = uniqueName('never-stored');
    const result = await runCli(['sequence', 'publish', file(`${name}.yaml`, GOOD(name).replace('trigger: END', 'trigger: FINISH'))], env);
    assert.equal(result.code, 1);
    const db = await testDb();
    assert.equal(await db('sequences').where({ name }).first(), undefined);
  });

  it('names a missing file', async () => {
    const result = await runCli(['sequence', 'validate', path.join(dir, 'nope.yaml')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /nope\.yaml: .*no such file/i);
  });
});
