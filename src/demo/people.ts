import { writeFile } from 'node:fs/promises';
import { DEMO_BEHAVIOURS } from './behaviours';

/** One local worker and dev server run the demo; larger runs belong in bench/. */
export const MAX_DEMO_LEADS = 500;

const HEADER = 'first_name,last_name,x_handle,email,crypto_address,crypto_chain,company,demo_behaviour';
const FIRST = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Alan', 'Radia', 'Edsger', 'Hedy'];
const LAST = ['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen', 'Turing', 'Perlman', 'Knuth'];
const COMPANIES = ['Lighthouse Labs', 'Copperleaf', 'Northwind', 'Bluefin Data', 'Orbital Works', 'Quarry'];

/**
 * Writes a CSV of `count` fictional people in the shape of examples/audiences/demo-people.csv: every one
 * on X (the example sequence starts with a follow), two in three with an email, one in four with a wallet,
 * behaviours taken in turn so each kind of journey shows up.
 */
export async function writeDemoPeople(file: string, count: number): Promise<void> {
  const rows = [HEADER];
  for (let i = 1; i <= count; i++) {
    const first = FIRST[i % FIRST.length] as string;
    const last = LAST[i % LAST.length] as string;
    rows.push([
      first,
      last,
      `@demo_lead_${i}`,
      i % 3 === 0 ? '' : `${first}.${last}.${i}@example.com`.toLowerCase(),
      i % 4 === 0 ? `0x${i.toString(16).padStart(40, '0')}` : '',
      i % 4 === 0 ? 'ethereum' : '',
      COMPANIES[i % COMPANIES.length],
      DEMO_BEHAVIOURS[(i - 1) % DEMO_BEHAVIOURS.length],
    ].join(','));
  }
  await writeFile(file, `${rows.join('\n')}\n`);
}
