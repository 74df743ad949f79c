import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

describe('the bootstrap', () => {
  it('has nothing left to do on a second run: npm packages and Temporal binaries are in place', () => {
    // npm test's pretest ran it once already; --check reports what a run would do, without doing it.
    const output = execFileSync('bash', [path.resolve(__dirname, '../scripts/bootstrap.sh'), '--check'], { encoding: 'utf8' });
    assert.equal(output, '');
  });
});
