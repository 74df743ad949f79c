import assert from 'node:assert/strict';
import { FilterError, formatFilter, parseFilter } from '../../src/identity/filter';
import { knex } from 'knex';
import { filteredPersons } from '../../src/db/audience-filter';

describe('audience filter language', () => {
  it('binds not tighter than and (or a comma), and and tighter than or', () => {
    assert.deepEqual(parseFilter('has:x and not tag:customer or has:email'), {
      op: 'or',
      args: [
        { op: 'and', args: [{ op: 'has', what: 'x' }, { op: 'not', arg: { op: 'tag', name: 'customer' } }] },
        { op: 'has', what: 'email' },
      ],
    });
    assert.deepEqual(parseFilter('has:x, has:email'), parseFilter('has:x AND has:email'));
  });

  it('reads parentheses, quoted values and audience names as written', () => {
    const f = parseFilter('(has:X or has:LinkedIn) and tag:"Early Access" and not audience:Q3-contacted');
    assert.equal(formatFilter(f), '(has:x or has:linkedin) and tag:"early access" and not audience:Q3-contacted');
    assert.deepEqual(parseFilter('chain:ETH'), { op: 'chain', name: 'ethereum' });
    assert.deepEqual(parseFilter('all'), { op: 'all' });
  });

  it('names the column and what was expected when it cannot read the filter', () => {
    const cases: [string, RegExp][] = [
      ['', /column 1: expected a condition, found the end/],
      ['has:x and', /column 10: expected a condition/],
      ['(has:x', /column 7: expected "\)" to close the "\(" at column 1/],
      ['has:x has:email', /column 7: expected "and", "or" or the end, found "has:email"/],
      ['has:mail', /unknown "has:mail" \(did you mean "email"\?\)/],
      ['tags:vip', /unknown condition "tags:" \(did you mean "tag"\?\)/],
      ['tag:', /"tag:" needs a value/],
      ['tag:"vip', /unclosed quote/],
      ['vip', /expected has:, tag:, chain:, audience:, all, not or "\(", found "vip"/],
    ];
    for (const [text, message] of cases) assert.throws(() => parseFilter(text), (e: unknown) => e instanceof FilterError && message.test(e.message), text);
  });

  it('compiles to a parameterised query over live persons', () => {
    const query = filteredPersons(knex({ client: 'pg' }), parseFilter('tag:vip and not audience:old'), new Map([['old', '42']])).toSQL().toNative();
    assert.equal(
      query.sql,
      'select "p"."id" from "persons" as "p" where "p"."merged_into" is null and "p"."erased_at" is null and ((p.tags @> array[$1]::text[]) and (not ("p"."id" in ' +
        '(select coalesce(q.merged_into, q.id) from "audience_members" as "m" inner join "persons" as "q" on "q"."id" = "m"."person_id" where "m"."audience_id" = $2))))',
    );
    assert.deepEqual(query.bindings, ['vip', '42']);
  });
});
