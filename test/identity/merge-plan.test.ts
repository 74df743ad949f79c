import assert from 'node:assert/strict';
import type { PersonFields } from '../../src/identity/fields';
import { groupRows } from '../../src/identity/group';
import { identifierKey, type Identifier } from '../../src/identity/identifiers';
import { planBatch, type KnownGraph } from '../../src/identity/plan';
import type { ImportRow } from '../../src/identity/row';

const email = (value: string): Identifier => ({ kind: 'email', value });
const handle = (value: string): Identifier => ({ kind: 'x_handle', value });

function row(line: number, identifiers: Identifier[], extra: Partial<ImportRow> = {}): ImportRow {
  const xHandle = identifiers.find((i) => i.kind === 'x_handle')?.value;
  return { line, identifiers, tags: [], attributes: {}, ...(xHandle === undefined ? {} : { xHandle }), ...extra };
}

function known(owners: [Identifier, string][], persons: Record<string, Partial<PersonFields>> = {}): KnownGraph {
  return {
    owners: new Map(owners.map(([id, person]) => [identifierKey(id), person])),
    xProfiles: owners.filter(([id]) => id.kind === 'x_handle').map(([id, person], i) => ({ id: `${100 + i}`, personId: person, xUserId: null, handle: id.value })),
    persons: new Map(Object.entries(persons).map(([id, p]) => [id, { firstName: null, lastName: null, attributes: {}, tags: [], ...p }])),
  };
}

describe('grouping rows and planning merges', () => {
  it('makes rows that share an identifier, directly or through another row, one new person', () => {
    const rows = [row(2, [handle('ada'), email('ada@x.io')]), row(3, [email('ada@x.io')]), row(4, [handle('ada'), email('ada@work.io')]), row(5, [email('grace@x.io')])];
    const components = groupRows(rows, new Map());
    assert.deepEqual(components.map((c) => c.rows.map((r) => r.line)), [[2, 3, 4], [5]]);

    const plan = planBatch(components, known([]), ['10', '11']);
    assert.deepEqual(plan.newPersons.map((p) => p.id), ['10', '11']);
    assert.deepEqual(plan.identifiers, [
      { personId: '10', kind: 'email', value: 'ada@x.io' },
      { personId: '10', kind: 'email', value: 'ada@work.io' },
      { personId: '11', kind: 'email', value: 'grace@x.io' },
    ]);
    assert.deepEqual(plan.xProfiles.inserts, [{ personId: '10', xUserId: null, handle: 'ada' }]);
    assert.deepEqual(plan.links.map((l) => [l.valueA, l.valueB, l.line]), [['ada', 'ada@x.io', 2], ['ada', 'ada@work.io', 4]]);
    assert.deepEqual(plan.members, ['10', '11']);
    assert.deepEqual(plan.merges, []);
  });

  it('merges two existing persons a row joins into the older one, explaining it with one link', () => {
    const graph = known([[handle('ada'), '7'], [email('ada@x.io'), '12']], {
      '7': { firstName: 'Ada', attributes: { company: 'Engines' }, tags: ['vip'] },
      '12': { firstName: 'A.', lastName: 'Lovelace', attributes: { company: 'Other', city: 'London' }, tags: ['early'] },
    });
    const plan = planBatch(groupRows([row(9, [handle('ada'), email('ada@x.io')])], graph.owners), graph, []);

    assert.deepEqual(plan.merges, [{ absorbed: '12', survivor: '7' }]);
    assert.deepEqual(plan.updatedPersons, [
      { id: '7', firstName: 'Ada', lastName: 'Lovelace', attributes: { company: 'Engines', city: 'London' }, tags: ['vip', 'early'] },
    ]);
    assert.deepEqual(plan.links, [{ personId: '7', kindA: 'x_handle', valueA: 'ada', kindB: 'email', valueB: 'ada@x.io', line: 9 }]);
    assert.deepEqual(plan.identifiers, []);
    assert.deepEqual(plan.newPersons, []);
    assert.deepEqual(plan.members, ['7']);
  });

  it('changes nothing when a batch only repeats what the graph knows', () => {
    const graph = known([[handle('ada'), '7'], [email('ada@x.io'), '7']], { '7': { firstName: 'Ada', tags: ['vip'] } });
    const rows = [row(2, [handle('ada'), email('ada@x.io')], { firstName: 'Ada', tags: ['vip'] })];
    const plan = planBatch(groupRows(rows, graph.owners), graph, []);
    assert.deepEqual({ ...plan, members: [], personByLine: new Map() }, {
      newPersons: [],
      merges: [],
      updatedPersons: [],
      identifiers: [],
      xProfiles: { inserts: [], fills: [] },
      links: [],
      members: [],
      personByLine: new Map(),
    });
    assert.deepEqual(plan.members, ['7']);
    assert.deepEqual(plan.personByLine, new Map([[2, '7']]));
  });

  it('lets the newest row win for names and variables, keeps what blank cells leave, and adds tags', () => {
    const graph = known([[email('ada@x.io'), '7']], { '7': { firstName: 'Ada', lastName: 'Lovelace', attributes: { company: 'Engines', city: 'London' }, tags: ['vip'] } });
    const rows = [
      row(2, [email('ada@x.io')], { lastName: 'King', attributes: { company: 'Babbage & Co' }, tags: ['early'] }),
      row(3, [email('ada@x.io')], { attributes: { company: 'Difference Ltd' } }),
    ];
    const plan = planBatch(groupRows(rows, graph.owners), graph, []);
    assert.deepEqual(plan.updatedPersons, [
      { id: '7', firstName: 'Ada', lastName: 'King', attributes: { company: 'Difference Ltd', city: 'London' }, tags: ['vip', 'early'] },
    ]);
  });
});
