import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseDemoOptions } from '../../src/demo/options';
import { MAX_DEMO_LEADS, writeDemoPeople } from '../../src/demo/people';
import { importAudience } from '../../src/identity/import';
import { isolatedDb } from '../support/database';
import { uniqueName } from '../support/journeys';

describe('demo options', () => {
  it('defaults to the example CSV, a 1 s tick and the Web UI on 8233', () => {
    assert.deepEqual(parseDemoOptions([]), { keep: false, tick: '1s', tickMs: 1000, uiPort: 8233 });
    assert.deepEqual(parseDemoOptions(['--tick', '2s', '--leads', '50', '--ui-port', '9233', '--keep']), {
      keep: true,
      tick: '2s',
      tickMs: 2000,
      leads: 50,
      uiPort: 9233,
    });
  });

  it('refuses what the demo cannot run, naming the option', () => {
    assert.throws(() => parseDemoOptions(['--leads', String(MAX_DEMO_LEADS + 1)]), /^ConfigError: --leads 501: expected a whole number from 1 to 500/);
    assert.throws(() => parseDemoOptions(['--leads', '0']), /--leads 0: expected a whole number from 1 to 500/);
    assert.throws(() => parseDemoOptions(['--tick', '7s']), /^ConfigError: --tick 7s: a tick must divide 24h exactly/);
    assert.throws(() => parseDemoOptions(['--ui-port', '0']), /^ConfigError: --ui-port 0: expected a whole number from 1 to 65535$/);
    assert.throws(() => parseDemoOptions(['extra']), /^UsageError: unexpected argument "extra" \(options: --keep, --tick VALUE, --leads VALUE, --ui-port VALUE\)$/);
    assert.throws(() => parseDemoOptions(['--keep=yes']), /^UsageError: --keep takes no value/);
  });

  it('--leads N writes N fictional people that all import, each with a demo behaviour', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'demo-people-test-'));
    try {
      const file = path.join(dir, 'people.csv');
      await writeDemoPeople(file, MAX_DEMO_LEADS);
      const db = await isolatedDb();
      const imported = await importAudience(db, { audience: uniqueName('demo'), file });
      assert.equal(imported.badRows, 0, JSON.stringify(imported.problems));
      assert.equal(imported.members, MAX_DEMO_LEADS);
      const members = await db('audience_members').where({ audience_id: imported.audienceId! }).select('variables');
      assert.ok(members.every((m) => typeof (m.variables as Record<string, unknown>).demo_behaviour === 'string'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
