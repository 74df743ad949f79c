import assert from 'node:assert/strict';
import { MAX_VISITS, MAX_WINDOW_MS } from '../../src/sequences/limits';
import { graphOf, problemsOf } from './helpers';

const waiting = (within: string) => `
  name: t
  nodes:
    - { id: check, action: CHECK_FOR_REPLY }
  edges:
    - { from: check, trigger: REPLIED, within: ${within} }
    - { from: check, trigger: NOT_REPLIED }
`;

const looping = (maxVisits: number) => `
  name: t
  nodes:
    - { id: nudge, action: CHECK_FOR_REPLY, max_visits: ${maxVisits} }
  edges:
    - { from: nudge, trigger: REPLIED, within: 1d }
    - { from: nudge, to: nudge, trigger: NOT_REPLIED }
`;

function windowProblem(within: string): string {
  const [problem, ...rest] = problemsOf(waiting(within));
  assert.equal(rest.length, 0);
  assert.equal(problem?.line, 5);
  assert.equal(problem?.field, 'within');
  return problem?.message ?? '';
}

describe('windows and visit limits', () => {
  it('accepts windows from 1s to 90d in whole seconds', () => {
    for (const [within, ms] of [['1s', 1000], ['0.5m', 30_000], ['90d', MAX_WINDOW_MS], ['2160h', MAX_WINDOW_MS]] as const) {
      assert.equal(graphOf(waiting(within)).edges[0]?.withinMs, ms, within);
    }
  });

  it('refuses a window longer than 90 days, naming the edge and the limit', () => {
    const longest = 'is longer than 90d, the longest window (a journey checks for the outcome on every tick while it waits)';
    assert.equal(windowProblem('9999999d'), `edge #1 (check -> (end), REPLIED): within "9999999d" ${longest}`);
    assert.equal(windowProblem('91d'), `edge #1 (check -> (end), REPLIED): within "91d" ${longest}`);
    assert.equal(windowProblem('1y'), `edge #1 (check -> (end), REPLIED): within "1y" ${longest}`);
  });

  it('refuses a window shorter than a second or not in whole seconds', () => {
    assert.equal(windowProblem('500ms'), 'edge #1 (check -> (end), REPLIED): within "500ms" is shorter than 1s, the shortest window');
    assert.equal(windowProblem('1.5s'), 'edge #1 (check -> (end), REPLIED): within "1.5s" is not a whole number of seconds');
    assert.equal(windowProblem('0s'), 'edge #1 (check -> (end), REPLIED): within "0s" must be longer than zero');
  });

  it('refuses a window written as a number or as a huge string, quoting it short', () => {
    assert.equal(windowProblem('3'), 'edge #1 (check -> (end), REPLIED): within must be a duration string such as 3d, 12h, 90m or 30s');
    assert.equal(
      windowProblem(`"${'9'.repeat(5000)}d"`),
      `edge #1 (check -> (end), REPLIED): within "${'9'.repeat(40)}…" (5,001 characters) is not a duration; write a number and a unit, such as 3d, 12h, 90m or 30s`,
    );
  });

  it(`accepts max_visits up to ${MAX_VISITS} and refuses more, saying what it bounds`, () => {
    assert.equal(graphOf(looping(MAX_VISITS)).nodes[0]?.maxVisits, MAX_VISITS);
    const problem = problemsOf(looping(1000)).find((p) => p.field === 'max_visits');
    assert.equal(problem?.message, 'node nudge: "max_visits" is 1,000; at most 20 (how many times a journey may enter one node)');
    assert.equal(problem?.line, 3);
  });
});
