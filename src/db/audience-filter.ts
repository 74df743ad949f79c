import type { Knex } from 'knex';
import type { Filter, HasWhat } from '../identity/filter';

const HAS_TABLE: Record<HasWhat, string> = {
  x: 'x_profiles',
  email: 'emails',
  crypto: 'crypto_addresses',
  linkedin: 'linkedin_profiles',
};

/**
 * The live persons (`persons p`: neither merged nor erased) a filter selects, as a query selecting `p.id`. The filter comes parsed
 * (src/identity/filter.ts owns the language); audience names must be resolved to ids first. Members of
 * another audience count as the live person they are now.
 */
export function filteredPersons(db: Knex, filter: Filter, audiences: ReadonlyMap<string, string>): Knex.QueryBuilder {
  return db('persons as p')
    .whereNull('p.merged_into')
    .whereNull('p.erased_at')
    .where((q) => {
      where(db, q, filter, audiences);
    })
    .select('p.id');
}

function where(db: Knex, q: Knex.QueryBuilder, f: Filter, audiences: ReadonlyMap<string, string>): void {
  switch (f.op) {
    case 'and':
      for (const arg of f.args) q.where((sub) => where(db, sub, arg, audiences));
      return;
    case 'or':
      for (const arg of f.args) q.orWhere((sub) => where(db, sub, arg, audiences));
      return;
    case 'not':
      q.whereNot((sub) => where(db, sub, f.arg, audiences));
      return;
    case 'all':
      q.whereRaw('true');
      return;
    case 'has':
      q.whereExists(db(`${HAS_TABLE[f.what]} as i`).whereRaw('i.person_id = p.id').select(db.raw('1')));
      return;
    case 'tag':
      q.whereRaw('p.tags @> array[?]::text[]', [f.name]);
      return;
    case 'chain':
      q.whereExists(db('crypto_addresses as i').whereRaw('i.person_id = p.id').where('i.chain', f.name).select(db.raw('1')));
      return;
    case 'audience':
      q.whereIn(
        'p.id',
        db('audience_members as m')
          .join('persons as q', 'q.id', 'm.person_id')
          .where('m.audience_id', audiences.get(f.name) ?? null)
          .select(db.raw('coalesce(q.merged_into, q.id)')),
      );
      return;
  }
}
