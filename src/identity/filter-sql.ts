import { UnknownAudienceError } from './audiences';
import { rows, type Sql } from './connection';
import type { Filter, HasWhat } from './filter';

const HAS_TABLE: Record<HasWhat, string> = {
  x: 'x_profiles',
  email: 'emails',
  crypto: 'crypto_addresses',
  linkedin: 'linkedin_profiles',
};

/**
 * A condition over `persons p`, with its values appended to `params` as $n. Audience names must already be
 * resolved to ids (resolveAudiences). Members of another audience count as the live person they are now.
 */
export function filterSql(f: Filter, params: unknown[], audiences: ReadonlyMap<string, string>): string {
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  switch (f.op) {
    case 'and':
    case 'or':
      return `(${f.args.map((a) => filterSql(a, params, audiences)).join(` ${f.op} `)})`;
    case 'not':
      return `(not ${filterSql(f.arg, params, audiences)})`;
    case 'all':
      return 'true';
    case 'has':
      return `exists (select 1 from ${HAS_TABLE[f.what]} i where i.person_id = p.id)`;
    case 'tag':
      return `p.tags @> array[${param(f.name)}::text]`;
    case 'chain':
      return `exists (select 1 from crypto_addresses i where i.person_id = p.id and i.chain = ${param(f.name)})`;
    case 'audience':
      return `p.id in (select coalesce(q.merged_into, q.id) from audience_members m join persons q on q.id = m.person_id
        where m.audience_id = ${param(audiences.get(f.name))}::bigint)`;
  }
}

/** Audience name -> id for every `audience:NAME` in the filter; an unknown name is an UnknownAudienceError. */
export async function resolveAudiences(sql: Sql, f: Filter): Promise<Map<string, string>> {
  const names = new Set<string>();
  const visit = (node: Filter): void => {
    if (node.op === 'audience') names.add(node.name);
    else if (node.op === 'and' || node.op === 'or') node.args.forEach(visit);
    else if (node.op === 'not') visit(node.arg);
  };
  visit(f);
  const found = await rows<{ id: string; name: string }>(sql, 'select id::text, name from audiences where name = any($1::text[])', [[...names]]);
  const ids = new Map(found.map((r) => [r.name, r.id]));
  for (const name of names) if (!ids.has(name)) throw new UnknownAudienceError(name);
  return ids;
}
