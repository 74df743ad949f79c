import assert from 'node:assert/strict';
import { getSequenceVersion, publishSequenceVersion } from '../../src/db/sequences';
import { testDb } from '../support/database';
import { graph, unique } from './fixtures';

describe('sequence versions', () => {
  it('publishing the same graph twice keeps one version', async () => {
    const db = await testDb();
    const g = graph(unique('seq'));

    const first = await publishSequenceVersion(db, g, 'v1 source');
    const reordered = { templates: g.templates, edges: g.edges, nodes: g.nodes, start: g.start, name: g.name };
    const second = await publishSequenceVersion(db, reordered, 'v1 source, reformatted');

    assert.equal(first.created, true);
    assert.equal(first.version, 1);
    assert.deepEqual(second, { ...first, created: false });
  });

  it('publishing a changed graph adds the next version and keeps the old one', async () => {
    const db = await testDb();
    const name = unique('seq');
    const v1 = await publishSequenceVersion(db, graph(name, 'Hi'), 'one');
    const v2 = await publishSequenceVersion(db, graph(name, 'Hello'), 'two');

    assert.equal(v2.created, true);
    assert.equal(v2.version, 2);
    assert.equal(v2.sequenceId, v1.sequenceId);
    assert.equal((await getSequenceVersion(db, name)).versionId, v2.versionId);
    assert.deepEqual((await getSequenceVersion(db, name, 1)).graph, graph(name, 'Hi'));
  });

  it('concurrent publishes of one new sequence create one version per distinct graph', async () => {
    const db = await testDb();
    const name = unique('seq');
    const results = await Promise.all(
      ['a', 'a', 'b', 'a', 'b'].map((body) => publishSequenceVersion(db, graph(name, body), body)),
    );

    assert.equal(new Set(results.map((r) => r.sequenceId)).size, 1);
    const versions = await db('sequence_versions').where({ sequence_id: results[0]!.sequenceId }).pluck('version');
    const created = results.filter((r) => r.created).map((r) => r.version);
    assert.deepEqual(versions.sort((a, b) => a - b), created.sort((a, b) => a - b));
    assert.deepEqual(created, created.map((_, i) => i + 1));
  });

  it('getSequenceVersion names what does not exist', async () => {
    const db = await testDb();
    const name = unique('seq');
    await assert.rejects(getSequenceVersion(db, name), { message: `sequence "${name}" does not exist` });
    await publishSequenceVersion(db, graph(name), 'source');
    await assert.rejects(getSequenceVersion(db, name, 7), { message: `sequence "${name}" has no version 7` });
  });
});
