import type { Knex } from 'knex';
import type { SandboxScript } from '../channels/sandbox-script';
import { snapshotMembers } from '../db/audience-members';
import { setSandboxScript } from '../db/sandbox';
import { scaledDuration } from './time-scale';

const HOUR = 3_600_000;

/** How the demo's fictional people behave, in production hours; the demo shrinks them to its tick. */
const BEHAVIOURS: Record<string, (h: (hours: number) => string) => SandboxScript> = {
  keen: (h) => ({ followsBackAfter: h(10), readsAfter: h(2), repliesAfter: h(20), replySentiment: 'positive' }),
  declines: (h) => ({ followsBackAfter: h(30), readsAfter: h(5), repliesAfter: h(40), replySentiment: 'negative' }),
  'answers-nudge': (h) => ({ followsBackAfter: h(5), readsAfter: h(30), repliesAfter: h(80), replySentiment: 'positive' }),
  silent: (h) => ({ followsBackAfter: h(50), readsAfter: h(1) }),
  'never-follows': () => ({}),
  'dms-closed': (h) => ({ followsBackAfter: h(8), failures: { SEND_TWITTER_DM: { permanent: 'recipient does not accept DMs' } } }),
  'flaky-api': (h) => ({ followsBackAfter: h(12), repliesAfter: h(6), replySentiment: 'positive', failures: { FOLLOW_ON_TWITTER: { transient: 2 } } }),
};

/** The behaviours a demo person can have (the CSV's `demo_behaviour` column). */
export const DEMO_BEHAVIOURS = Object.keys(BEHAVIOURS);

/**
 * Gives every audience member the sandbox script named by its `demo_behaviour` variable (captured from the
 * CSV at snapshot time). Returns how many members got one.
 */
export async function applyDemoBehaviours(db: Knex, audienceId: string, timeScale: number): Promise<number> {
  const hours = (h: number) => scaledDuration(h * HOUR, timeScale);
  let scripted = 0;
  for (const member of await snapshotMembers(db, audienceId)) {
    const behaviour = member.variables.demo_behaviour;
    const script = typeof behaviour === 'string' ? BEHAVIOURS[behaviour] : undefined;
    if (!script) continue;
    await setSandboxScript(db, member.personId, script(hours));
    scripted += 1;
  }
  return scripted;
}
