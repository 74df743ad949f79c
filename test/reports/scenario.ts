import assert from 'node:assert/strict';
import { startJourneys } from '../../src/client/start-journeys';
import { publishSequenceVersion } from '../../src/db/sequences';
import type { SandboxScript } from '../../src/channels/sandbox-script';
import { validateSequence, formatProblems } from '../../src/sequences/validate';
import type { Channel, SequenceGraph } from '../../src/sequences/model';
import {
  createLead,
  eventsOf,
  journeyHandle,
  journeyRecords,
  journeyWorker,
  resultsInTurn,
  uniqueName,
  type JourneyHarness,
} from '../support/journeys';

/** What one scripted lead does to the report's numbers, worked out by hand from its script and the graph. */
export interface Path {
  entered: string[];
  done: string[];
  failed: string[];
  sent: Partial<Record<Channel, number>>;
  /** Edges taken, as `from TRIGGER`. */
  took: string[];
  messaged?: true;
  read?: true;
  replied?: true;
  positive?: true;
}

interface Profile {
  script: SandboxScript;
  path: Path;
}

const V1 = `
templates:
  intro:
    variants:
      - { id: a, weight: 50, body: "A for {{ first_name }}" }
      - { id: b, weight: 50, body: "B for {{ first_name }}" }
nodes:
  - { id: follow, action: FOLLOW_ON_TWITTER }
  - { id: intro, action: SEND_TWITTER_DM, template: intro }
  - { id: check, action: CHECK_FOR_REPLY }
  - { id: unfollow, action: UNFOLLOW_ON_TWITTER }
edges:
  - { from: follow, to: intro, trigger: FOLLOWED_BACK, within: 1d }
  - { from: follow, to: unfollow, trigger: NOT_FOLLOWED_BACK }
  - { from: intro, to: check, trigger: NORMAL_EDGE }
  - { from: check, trigger: REPLIED, within: 1d }
  - { from: check, to: unfollow, trigger: NOT_REPLIED }
  - { from: unfollow, trigger: END }
`;

/** Version 2 answers the DM's silence with an A/B-tested email instead of a reply check. */
const V2 = `
templates:
  intro:
    variants:
      - { id: a, weight: 50, body: "A for {{ first_name }}" }
      - { id: b, weight: 50, body: "B for {{ first_name }}" }
  bump:
    variants:
      - { id: short, weight: 50, subject: "Hi", body: "Bump" }
      - { id: long, weight: 50, subject: "Hello again", body: "A longer bump for {{ first_name }}" }
nodes:
  - { id: follow, action: FOLLOW_ON_TWITTER }
  - { id: intro, action: SEND_TWITTER_DM, template: intro }
  - { id: bump, action: SEND_EMAIL, template: bump }
  - { id: unfollow, action: UNFOLLOW_ON_TWITTER }
edges:
  - { from: follow, to: intro, trigger: FOLLOWED_BACK, within: 1d }
  - { from: follow, to: unfollow, trigger: NOT_FOLLOWED_BACK }
  - { from: intro, trigger: REPLIED, within: 1d }
  - { from: intro, to: bump, trigger: NOT_REPLIED }
  - { from: bump, trigger: REPLIED, within: 2d }
  - { from: bump, to: unfollow, trigger: NOT_REPLIED }
  - { from: unfollow, trigger: END }
`;

const NEVER_FOLLOWS_BACK: Profile = {
  script: {},
  path: { entered: ['follow', 'unfollow'], done: ['follow', 'unfollow'], failed: [], sent: { x: 2 }, took: ['follow NOT_FOLLOWED_BACK'] },
};

/** Each profile runs twice per version, so both variants of a 50/50 test are likely (not needed) to appear. */
const V1_PROFILES: Profile[] = [
  {
    script: { followsBackAfter: '10h', repliesAfter: '5h', replySentiment: 'positive' },
    path: {
      entered: ['follow', 'intro', 'check'], done: ['follow', 'intro', 'check'], failed: [], sent: { x: 2 },
      took: ['follow FOLLOWED_BACK', 'intro NORMAL_EDGE', 'check REPLIED'], messaged: true, replied: true, positive: true,
    },
  },
  {
    script: { followsBackAfter: '10h', repliesAfter: '5h', replySentiment: 'negative' },
    path: {
      entered: ['follow', 'intro', 'check'], done: ['follow', 'intro', 'check'], failed: [], sent: { x: 2 },
      took: ['follow FOLLOWED_BACK', 'intro NORMAL_EDGE', 'check REPLIED'], messaged: true, replied: true,
    },
  },
  {
    script: { followsBackAfter: '10h' },
    path: {
      entered: ['follow', 'intro', 'check', 'unfollow'], done: ['follow', 'intro', 'check', 'unfollow'], failed: [], sent: { x: 3 },
      took: ['follow FOLLOWED_BACK', 'intro NORMAL_EDGE', 'check NOT_REPLIED'], messaged: true,
    },
  },
  NEVER_FOLLOWS_BACK,
  {
    script: { followsBackAfter: '10h', failures: { SEND_TWITTER_DM: { permanent: 'DMs closed' } } },
    path: { entered: ['follow', 'intro'], done: ['follow'], failed: ['intro'], sent: { x: 1 }, took: ['follow FOLLOWED_BACK'] },
  },
];

const V2_PROFILES: Profile[] = [
  {
    script: { followsBackAfter: '10h', readsAfter: '2h', repliesAfter: '5h', replySentiment: 'positive' },
    path: {
      entered: ['follow', 'intro'], done: ['follow', 'intro'], failed: [], sent: { x: 2 },
      took: ['follow FOLLOWED_BACK', 'intro REPLIED'], messaged: true, read: true, replied: true, positive: true,
    },
  },
  {
    // Reads both the DM and the email (two read events, one journey), answers only the email.
    script: { followsBackAfter: '10h', readsAfter: '1h', repliesAfter: '5h', repliesOn: ['email'], replySentiment: 'neutral' },
    path: {
      entered: ['follow', 'intro', 'bump'], done: ['follow', 'intro', 'bump'], failed: [], sent: { x: 2, email: 1 },
      took: ['follow FOLLOWED_BACK', 'intro NOT_REPLIED', 'bump REPLIED'], messaged: true, read: true, replied: true,
    },
  },
  {
    script: { followsBackAfter: '10h' },
    path: {
      entered: ['follow', 'intro', 'bump', 'unfollow'], done: ['follow', 'intro', 'bump', 'unfollow'], failed: [], sent: { x: 3, email: 1 },
      took: ['follow FOLLOWED_BACK', 'intro NOT_REPLIED', 'bump NOT_REPLIED'], messaged: true,
    },
  },
  NEVER_FOLLOWS_BACK,
  {
    script: { followsBackAfter: '10h', failures: { SEND_EMAIL: { permanent: 'mailbox gone' } } },
    path: {
      entered: ['follow', 'intro', 'bump'], done: ['follow', 'intro'], failed: ['bump'], sent: { x: 2 },
      took: ['follow FOLLOWED_BACK', 'intro NOT_REPLIED'], messaged: true,
    },
  },
];

interface ScenarioLead {
  personId: string;
  version: number;
  path: Path;
  /** Template -> variant, as its `variant_chosen` events recorded them. */
  variants: Record<string, string>;
}

export interface Scenario {
  name: string;
  graphs: SequenceGraph[];
  leads: ScenarioLead[];
}

function compile(name: string, yaml: string): SequenceGraph {
  const result = validateSequence(`name: ${name}\n${yaml}`, { fileName: 'report.yaml' });
  if (!result.ok) throw new Error(formatProblems('report.yaml', result.problems));
  return result.graph;
}

/**
 * Publishes two versions of one sequence and runs every profile twice on each, to the end, on the
 * time-skipping server; returns each lead's hand-worked path and the variants its events recorded.
 */
export async function runScenario(h: JourneyHarness, copies = 2): Promise<Scenario> {
  const name = uniqueName('report');
  const graphs = [compile(name, V1), compile(name, V2)];
  const taskQueue = uniqueName('q');
  const worker = await journeyWorker(h, taskQueue);
  const planned: { personId: string; version: number; path: Path }[] = [];
  for (const [i, profiles] of [V1_PROFILES, V2_PROFILES].entries()) {
    const published = await publishSequenceVersion(h.db, graphs[i] as SequenceGraph, `version ${i + 1}`);
    assert.equal(published.version, i + 1);
    for (const profile of profiles) {
      for (let k = 0; k < copies; k++) {
        planned.push({ personId: await createLead(h.db, { script: profile.script }), version: i + 1, path: profile.path });
      }
    }
  }
  await worker.runUntil(async () => {
    for (const version of [1, 2]) {
      const personIds = planned.filter((p) => p.version === version).map((p) => p.personId);
      const started = await startJourneys(h.env.client, h.db, { sequenceName: name, version, personIds, taskQueue });
      assert.equal(started.started.length, personIds.length);
    }
    await resultsInTurn(planned.map((p) => journeyHandle(h, name, p.personId)));
  });
  const leads: ScenarioLead[] = [];
  for (const p of planned) {
    const { events } = await journeyRecords(h.db, name, p.personId);
    const chosen = eventsOf(events, 'variant_chosen').map((e) => [String(e.detail.template), String(e.detail.variant)]);
    leads.push({ ...p, variants: Object.fromEntries(chosen) });
  }
  return { name, graphs, leads };
}
