import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { recordJourneyStart } from '../../src/db/enrollments';
import { getLeadContact } from '../../src/db/people';
import { publishSequenceVersion } from '../../src/db/sequences';
import { enrollAudience } from '../../src/client/enroll';
import { audienceId, audienceMembers } from '../../src/client/members';
import type { MemberContact } from '../../src/client/reachability';
import { importAudience } from '../../src/identity/import';
import { journeyWorkflowId } from '../../workflows/contract';
import { testDb } from '../support/database';
import { compileSequence, uniqueName } from '../support/journeys';

const dir = mkdtempSync(path.join(tmpdir(), 'outreach-merged-'));

async function importRows(db: Knex, audience: string, rows: string[]): Promise<void> {
  const file = path.join(dir, `${audience}.csv`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  await importAudience(db, { audience, file });
}

async function membersOf(db: Knex, audience: string): Promise<MemberContact[]> {
  const all: MemberContact[] = [];
  for await (const page of audienceMembers(db, await audienceId(db, audience))) all.push(...page);
  return all;
}

describe('enrolling people merged after their audience was snapshot', function () {
  this.timeout(60_000);
  let db: Knex;
  const u = uniqueName('m').replace(/[^a-z0-9]/gi, '');
  const ann = `ann.${u}@example.com`;

  before(async () => {
    db = await testDb();
    await importRows(db, `ann-${u}`, ['email,first_name,company', `${ann},Ann,AnnCo`]);
    await importRows(db, `bo-${u}`, ['x_handle,first_name,company', `bo_${u},Bo,BoCo`]);
    // One row with both identifiers: Bo turns out to be Ann, and the later person is merged into the earlier.
    await importRows(db, `link-${u}`, ['email,x_handle', `${ann},bo_${u}`]);
  });

  async function liveAnn(): Promise<string> {
    const row = await db('emails').where({ address: ann }).first('person_id');
    return String(row?.person_id);
  }

  async function tombstoneOf(personId: string): Promise<string> {
    const row = await db('persons').where({ merged_into: personId }).first('id');
    assert.ok(row, `someone was merged into ${personId}`);
    return String(row.id);
  }

  it('reaches a merged member through the person who holds the identifiers now, with the snapshot variables', async () => {
    const [annMember] = await membersOf(db, `ann-${u}`);
    const [boMember] = await membersOf(db, `bo-${u}`);
    assert.ok(annMember && boMember);
    assert.equal(boMember.personId, annMember.personId, 'Bo is enrolled as the person he was merged into');
    assert.equal(boMember.email, ann);
    assert.equal(boMember.xHandle, `bo_${u}`);
    assert.equal(boMember.variables.company, 'BoCo', 'variables stay those of the snapshot');

    const contact = await getLeadContact(db, await tombstoneOf(annMember.personId), await audienceId(db, `bo-${u}`));
    assert.deepEqual([contact.personId, contact.email, contact.xHandle], [annMember.personId, ann, `bo_${u}`]);
    assert.equal(contact.variables.company, 'BoCo');
  });

  it('counts a member once when the audience holds both the merged person and the one merged into', async () => {
    const both = `both-${u}`;
    const [row] = await db('audiences').insert({ name: both, filter: {} }).returning('id');
    const annId = await liveAnn();
    const ids = [annId, await tombstoneOf(annId)];
    await db('audience_members').insert(ids.map((id) => ({ audience_id: row!.id, person_id: id, variables: {} })));
    assert.equal((await membersOf(db, both)).length, 1);
  });

  it('does not enroll the surviving person again when the merged one already has a journey in the sequence', async () => {
    const graph = compileSequence(`
templates:
  hello: { body: "Hi {{ first_name }}" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
edges:
  - { from: dm, trigger: END }
`);
    const stored = await publishSequenceVersion(db, graph, 'merged');
    const tombstone = await tombstoneOf(await liveAnn());
    await recordJourneyStart(db, {
      workflowId: journeyWorkflowId(graph.name, tombstone),
      sequenceVersionId: stored.versionId,
      personId: tombstone,
      startedAt: new Date(),
    });
    const dryRun = await enrollAudience(db, { sequenceName: graph.name, audienceName: `ann-${u}`, dryRun: true });
    assert.deepEqual([dryRun.members, dryRun.started, dryRun.alreadyEnrolled], [1, 0, 1]);
  });
});
