import type { Knex } from 'knex';
import { findIdentifiers, personFields } from '../db/graph-lookup';
import {
  fillXProfiles,
  insertCryptoAddresses,
  insertEmails,
  insertIdentityLinks,
  insertLinkedinProfiles,
  insertPersons,
  insertXProfiles,
  mergePersons,
  updatePersons,
} from '../db/graph-writes';
import type { PersonFields } from './fields';
import { identifierKey, splitCryptoValue, type Identifier } from './identifiers';
import type { BatchPlan, KnownGraph } from './plan';
import type { ImportRow } from './row';
import type { XProfile } from './x-profiles';

/** One lookup of every identifier of a batch, and the fields of the persons holding them. */
export async function lookupKnown(trx: Knex.Transaction, batch: readonly ImportRow[]): Promise<KnownGraph> {
  const wanted = { x_user_id: new Set<string>(), x_handle: new Set<string>(), email: new Set<string>(), crypto: new Set<string>(), linkedin: new Set<string>() };
  for (const row of batch) for (const id of row.identifiers) wanted[id.kind].add(id.value);
  const found = await findIdentifiers(trx, {
    xUserIds: [...wanted.x_user_id],
    handles: [...wanted.x_handle],
    emails: [...wanted.email],
    crypto: [...wanted.crypto].map(splitCryptoValue),
    linkedinUrls: [...wanted.linkedin],
  });
  const owners = new Map<string, string>();
  const xProfiles: XProfile[] = [];
  const own = (id: Identifier, personId: string) => owners.set(identifierKey(id), personId);
  for (const f of found) {
    if (f.kind === 'x') {
      xProfiles.push({ id: f.profileId, personId: f.personId, xUserId: f.xUserId, handle: f.handle });
      if (f.xUserId !== null) own({ kind: 'x_user_id', value: f.xUserId }, f.personId);
      if (f.handle !== null) own({ kind: 'x_handle', value: f.handle }, f.personId);
    } else own({ kind: f.kind, value: f.value }, f.personId);
  }
  const persons = new Map<string, PersonFields>();
  for (const { id, ...fields } of await personFields(trx, [...new Set(owners.values())])) persons.set(id, fields);
  return { owners, xProfiles, persons };
}

/** Applies one batch's writes in the order the plan needs them. */
export async function applyPlan(trx: Knex.Transaction, plan: BatchPlan, source: string): Promise<void> {
  await insertPersons(trx, plan.newPersons);
  await mergePersons(trx, plan.merges);
  await updatePersons(trx, plan.updatedPersons);
  const of = (kind: BatchPlan['identifiers'][number]['kind']) => plan.identifiers.filter((i) => i.kind === kind);
  await insertEmails(trx, of('email').map((i) => ({ personId: i.personId, address: i.value })));
  await insertCryptoAddresses(trx, of('crypto').map((i) => ({ personId: i.personId, ...splitCryptoValue(i.value) })));
  await insertLinkedinProfiles(trx, of('linkedin').map((i) => ({ personId: i.personId, url: i.value })));
  await fillXProfiles(trx, plan.xProfiles.fills);
  await insertXProfiles(trx, plan.xProfiles.inserts);
  await insertIdentityLinks(trx, plan.links, source);
}
