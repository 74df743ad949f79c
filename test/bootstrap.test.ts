import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

describe('the bootstrap', () => {
  it('does nothing on a second run: npm packages and Temporal binaries are already in place', () => {
    // npm test's pretest ran it once already.
    const output = execFileSync('bash', [path.resolve(__dirname, '../scripts/bootstrap.sh')], { encoding: 'utf8' });
    assert.equal(output, '');
  });
});
