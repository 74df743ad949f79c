import assert from 'node:assert/strict';
import type { ImportRow } from '../../src/identity/row';
import { planXProfiles } from '../../src/identity/x-profiles';

const row = (xUserId?: string, xHandle?: string): ImportRow => ({
  line: 2,
  identifiers: [],
  tags: [],
  attributes: {},
  ...(xUserId === undefined ? {} : { xUserId }),
  ...(xHandle === undefined ? {} : { xHandle }),
});

describe('X profiles', () => {
  it('creates one profile for an id and handle seen together, once', () => {
    const writes = planXProfiles([{ row: row('1', 'ada'), personId: '9' }, { row: row('1', 'ada'), personId: '9' }], []);
    assert.deepEqual(writes, { inserts: [{ personId: '9', xUserId: '1', handle: 'ada' }], fills: [] });
  });

  it('fills the id or handle a known profile lacks', () => {
    const existing = [
      { id: '5', personId: '9', xUserId: null, handle: 'ada' },
      { id: '6', personId: '9', xUserId: '2', handle: null },
    ];
    const writes = planXProfiles([{ row: row('1', 'ada'), personId: '9' }, { row: row('2', 'grace'), personId: '9' }], existing);
    assert.deepEqual(writes.inserts, []);
    assert.deepEqual(writes.fills, [
      { id: '5', xUserId: '1', handle: 'ada' },
      { id: '6', xUserId: '2', handle: 'grace' },
    ]);
  });

  it('keeps an old handle after a rename: the new handle gets a profile of its own', () => {
    const existing = [{ id: '5', personId: '9', xUserId: '1', handle: 'ada_old' }];
    const writes = planXProfiles([{ row: row('1', 'ada_new'), personId: '9' }], existing);
    assert.deepEqual(writes, { inserts: [{ personId: '9', xUserId: null, handle: 'ada_new' }], fills: [] });
  });
});
