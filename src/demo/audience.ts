import type { Knex } from 'knex';
import type { SandboxScript } from '../channels/sandbox-script';
import { insertPerson } from '../db/people';
import { setSandboxScript } from '../db/sandbox';
import { scaledDuration } from './time-scale';

const HOUR = 3_600_000;

const FIRST_NAMES = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Alan', 'Radia',
  'Edsger', 'Hedy', 'Donald', 'Katherine', 'Tim', 'Sophie', 'Guido', 'Annie', 'Bjarne', 'Joan',
  'Vint', 'Shafi', 'Leslie', 'Jean', 'Niklaus', 'Mary', 'John', 'Evelyn', 'Yukihiro', 'Karen'];
const COMPANIES = ['Lighthouse Labs', 'Copperleaf', 'Northwind', 'Bluefin Data', 'Orbital Works', 'Quarry'];

/** How the fictional people behave, in production time; the demo shrinks the delays to its tick. */
const BEHAVIOURS: { label: string; script: (hours: (h: number) => string) => SandboxScript }[] = [
  { label: 'follows back, replies keen', script: (h) => ({ followsBackAfter: h(10), repliesAfter: h(20), replySentiment: 'positive' }) },
  { label: 'follows back, replies no thanks', script: (h) => ({ followsBackAfter: h(30), repliesAfter: h(40), replySentiment: 'negative' }) },
  { label: 'follows back, answers the nudge', script: (h) => ({ followsBackAfter: h(5), repliesAfter: h(80), replySentiment: 'positive' }) },
  { label: 'follows back, stays silent', script: (h) => ({ followsBackAfter: h(50) }) },
  { label: 'never follows back', script: () => ({}) },
  { label: 'follows back, DMs closed', script: (h) => ({ followsBackAfter: h(8), failures: { SEND_TWITTER_DM: { permanent: 'recipient does not accept DMs' } } }) },
  { label: 'flaky X API on the follow', script: (h) => ({ followsBackAfter: h(12), repliesAfter: h(6), replySentiment: 'positive', failures: { FOLLOW_ON_TWITTER: { transient: 2 } } }) },
];

export interface DemoLead {
  personId: string;
  behaviour: string;
}

/** Inserts fictional people across X, email and crypto, each with a scripted sandbox behaviour. */
export async function seedDemoAudience(db: Knex, count: number, timeScale: number): Promise<DemoLead[]> {
  const hours = (h: number) => scaledDuration(h * HOUR, timeScale);
  const leads: DemoLead[] = [];
  for (let i = 0; i < count; i++) {
    const firstName = FIRST_NAMES[i % FIRST_NAMES.length] as string;
    const behaviour = BEHAVIOURS[i % BEHAVIOURS.length] as (typeof BEHAVIOURS)[number];
    const suffix = `${i + 1}`.padStart(3, '0');
    const personId = await insertPerson(db, {
      firstName,
      lastName: 'Example',
      xHandle: `${firstName.toLowerCase()}_demo_${suffix}`,
      ...(i % 2 === 0 ? { email: `${firstName.toLowerCase()}.${suffix}@example.com` } : {}),
      ...(i % 3 === 0 ? { crypto: { chain: 'ethereum', address: `0x${suffix.padStart(40, 'a')}` } } : {}),
      attributes: { company: COMPANIES[i % COMPANIES.length] as string },
    });
    await setSandboxScript(db, personId, behaviour.script(hours));
    leads.push({ personId, behaviour: behaviour.label });
  }
  return leads;
}
