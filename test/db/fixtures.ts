import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { SequenceGraph } from '../../src/sequences/model';
import { insertPerson } from '../support/persons';
import { publishSequenceVersion } from '../../src/db/sequences';

export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export function graph(name: string, body = 'Hi {{first_name}}'): SequenceGraph {
  return {
    name,
    start: 'dm',
    nodes: [{ id: 'dm', action: 'SEND_TWITTER_DM', template: 'hello' }],
    edges: [{ from: 'dm', to: null, trigger: 'END' }],
    templates: { hello: { id: 'hello', variants: [{ id: 'a', weight: 1, body }] } },
  };
}

/** A published version and a person, the minimum an enrollment or event refers to. */
export async function journeyFixture(db: Knex) {
  const published = await publishSequenceVersion(db, graph(unique('seq')), 'source');
  const personId = await insertPerson(db, { firstName: 'Ada' });
  return { ...published, personId, workflowId: unique('wf') };
}
