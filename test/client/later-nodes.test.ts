import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { recordJourneyStart } from '../../src/db/enrollments';
import { publishSequenceVersion } from '../../src/db/sequences';
import { blockedPaths } from '../../src/client/blocked-paths';
import { enrollAudience, type EnrollResult } from '../../src/client/enroll';
import type { SequenceGraph } from '../../src/sequences/model';
import { journeyWorkflowId } from '../../workflows/contract';
import { runCli } from '../support/cli';
import { testDb, testDbUrl } from '../support/database';
import { tableFingerprints } from '../support/tables';
import { compileSequence, createLead, uniqueName } from '../support/journeys';

/** Follow; on a follow-back a DM, then an email without a reply; without one, an XMTP tip. */
const BRANCHING = `
templates:
  hello: { body: "Hi {{ first_name | default: 'there' }}" }
  later: { subject: "Following up", body: "Later" }
  tip: { body: "A tip" }
nodes:
  - { id: follow, action: FOLLOW_ON_TWITTER }
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
  - { id: email-followup, action: SEND_EMAIL, template: later }
  - { id: xmtp-tip, action: SEND_XMTP_DM, template: tip }
edges:
  - { from: follow, to: dm, trigger: FOLLOWED_BACK, within: 5d }
  - { from: follow, to: xmtp-tip, trigger: NOT_FOLLOWED_BACK }
  - { from: dm, trigger: REPLIED, within: 3d }
  - { from: dm, to: email-followup, trigger: NOT_REPLIED }
  - { from: email-followup, trigger: END }
  - { from: xmtp-tip, trigger: END }
`;

/** Every path goes follow -> DM -> email. */
const STRAIGHT = `
templates:
  hello: { body: "Hi" }
nodes:
  - { id: follow, action: FOLLOW_ON_TWITTER }
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
  - { id: email, action: SEND_EMAIL, template: hello }
edges:
  - { from: follow, to: dm, trigger: NORMAL_EDGE }
  - { from: dm, to: email, trigger: NORMAL_EDGE }
  - { from: email, trigger: END }
`;

/** The only way past the nudge is a reply, then an email; without one the visit limit ends the journey. */
const NUDGE_LOOP = `
templates:
  hello: { body: "Hi" }
nodes:
  - { id: nudge, action: SEND_TWITTER_DM, template: hello, max_visits: 2 }
  - { id: email, action: SEND_EMAIL, template: hello }
edges:
  - { from: nudge, to: email, trigger: REPLIED, within: 3d }
  - { from: nudge, to: nudge, trigger: NOT_REPLIED }
  - { from: email, trigger: END }
`;

const SOLANA = '7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV';

async function audience(db: Knex, members: string[]): Promise<string> {
  const name = uniqueName('audience');
  const [row] = await db('audiences').insert({ name, filter: {} }).returning('id');
  await db('audience_members').insert(members.map((personId) => ({ audience_id: row!.id, person_id: personId, variables: {} })));
  return name;
}

async function published(db: Knex, yaml: string): Promise<SequenceGraph> {
  const graph = compileSequence(yaml);
  await publishSequenceVersion(db, graph, yaml);
  return graph;
}

function dryRun(db: Knex, graph: SequenceGraph, audienceName: string): Promise<EnrollResult> {
  return enrollAudience(db, { sequenceName: graph.name, audienceName, dryRun: true });
}

describe('enroll: later nodes a member cannot be reached on', function () {
  this.timeout(120_000);
  let db: Knex;
  before(async () => {
    db = await testDb();
  });

  describe('counted per node, among the members that start', () => {
    let graph: SequenceGraph;
    let name: string;
    let enrolledNoEmail: string;

    before(async () => {
      graph = await published(db, BRANCHING);
      const full = await Promise.all([1, 2, 3].map(() => createLead(db)));
      const noEmail = await Promise.all([1, 2].map(() => createLead(db, { person: { email: undefined } })));
      enrolledNoEmail = await createLead(db, { person: { email: undefined } });
      const noCrypto = await createLead(db, { person: { crypto: undefined } });
      const solana = await createLead(db, { person: { crypto: { chain: 'solana', address: `${SOLANA.slice(0, 36)}${Date.now() % 1e7}` } } });
      const noX = await createLead(db, { person: { xHandle: undefined } });
      name = await audience(db, [...full, ...noEmail, enrolledNoEmail, noCrypto, solana, noX]);
      const stored = await db('sequence_versions as v').join('sequences as s', 's.id', 'v.sequence_id').where('s.name', graph.name).first('v.id');
      await recordJourneyStart(db, { workflowId: journeyWorkflowId(graph.name, enrolledNoEmail), sequenceVersionId: String(stored.id), personId: enrolledNoEmail, startedAt: new Date() });
    });

    it('names each node, its action, how many members it cannot reach and what they have instead', async () => {
      const result = await dryRun(db, graph, name);
      assert.deepEqual([result.members, result.started, result.alreadyEnrolled, result.skipped.length], [9, 7, 1, 1]);
      assert.deepEqual(result.unreachableLater, [
        { node: 'email-followup', action: 'SEND_EMAIL', channel: 'email', has: 'no email address', members: 2 },
        { node: 'xmtp-tip', action: 'SEND_XMTP_DM', channel: 'xmtp', has: 'a crypto address that is not an Ethereum address (0x and 40 hex digits)', members: 1 },
        { node: 'xmtp-tip', action: 'SEND_XMTP_DM', channel: 'xmtp', has: 'no crypto address', members: 1 },
      ]);
      assert.equal(result.skipped[0]?.reason, 'the first action (node "follow") cannot reach them on X: they have neither an X user id nor an X handle');
    });

    it('says so in `outreach enroll --dry-run`, as text and as JSON, and writes nothing', async () => {
      const env = { DATABASE_URL: await testDbUrl() };
      const before = await tableFingerprints(db);
      const text = await runCli(['enroll', '--sequence', graph.name, '--audience', name, '--dry-run'], env);
      assert.equal(text.code, 0, text.stderr);
      const lines = text.stdout.trim().split('\n');
      assert.deepEqual(lines.slice(-3), [
        '  node "email-followup" (SEND_EMAIL): 2 of 7 members that would start have no email address; their journeys will end there (failed) if they reach it',
        '  node "xmtp-tip" (SEND_XMTP_DM): 1 of 7 members that would start have a crypto address that is not an Ethereum address (0x and 40 hex digits); their journeys will end there (failed) if they reach it',
        '  node "xmtp-tip" (SEND_XMTP_DM): 1 of 7 members that would start have no crypto address; their journeys will end there (failed) if they reach it',
      ]);
      const json = await runCli(['enroll', '--sequence', graph.name, '--audience', name, '--dry-run', '--json'], env);
      assert.equal(json.code, 0, json.stderr);
      assert.deepEqual(JSON.parse(json.stdout).unreachableLater.map((u: { node: string; members: number }) => [u.node, u.members]), [
        ['email-followup', 2],
        ['xmtp-tip', 1],
        ['xmtp-tip', 1],
      ]);
      assert.deepEqual(await tableFingerprints(db), before, 'a dry run changes no table');
    });
  });

  describe('members whose every path is blocked', () => {
    it('are skipped, with the nodes that would stop them named', async () => {
      const graph = await published(db, STRAIGHT);
      const noEmail = await createLead(db, { person: { email: undefined } });
      const full = await createLead(db);
      const result = await dryRun(db, graph, await audience(db, [noEmail, full]));
      assert.deepEqual(result.skipped, [
        { personId: noEmail, reason: 'every path through the sequence stops at a node that cannot reach them (node "email" on email: they have no email address)' },
      ]);
      assert.deepEqual([result.started, result.unreachableLater], [1, []]);
    });

    it('are not skipped when a cycle can end the journey by its visit limit, and the node past it is counted', async () => {
      const graph = await published(db, NUDGE_LOOP);
      const noEmail = await createLead(db, { person: { email: undefined } });
      const result = await dryRun(db, graph, await audience(db, [noEmail]));
      assert.deepEqual(result.skipped, []);
      assert.deepEqual(result.unreachableLater.map((u) => [u.node, u.members]), [['email', 1]]);
    });
  });

  describe('the walk over the graph', () => {
    function chain(length: number, last: 'SEND_EMAIL' | 'CHECK_FOR_REPLY'): SequenceGraph {
      const nodes = Array.from({ length }, (_, i) => ({ id: `n${i}`, action: i === length - 1 ? last : ('SEND_TWITTER_DM' as const) }));
      const edges = nodes.map((n, i) => ({ from: n.id, to: i === length - 1 ? null : `n${i + 1}`, trigger: (i === length - 1 ? 'END' : 'NORMAL_EDGE') as 'END' | 'NORMAL_EDGE' }));
      return { name: 'chain', start: 'n0', nodes, edges, templates: {} };
    }

    it('takes a 200,000-node chain without recursion', () => {
      const walk = blockedPaths(chain(200_000, 'SEND_EMAIL'), new Set(['email']));
      assert.deepEqual([walk.failsAt.map((n) => n.id), walk.canFinish], [['n199999'], false]);
    });

    it('never blocks CHECK_FOR_REPLY, which needs no identifier', () => {
      const walk = blockedPaths(chain(3, 'CHECK_FOR_REPLY'), new Set(['email', 'linkedin', 'xmtp']));
      assert.deepEqual([walk.failsAt, walk.canFinish], [[], true]);
    });

    it('blocks at the start when the first action cannot reach the lead', () => {
      const walk = blockedPaths(chain(3, 'SEND_EMAIL'), new Set(['x']));
      assert.deepEqual([walk.failsAt.map((n) => n.id), walk.canFinish], [['n0'], false]);
    });
  });
});
