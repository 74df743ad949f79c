import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * A synthetic people CSV, written streaming: each person's identifiers derive from their number, so
 * duplicates of earlier people cost no memory. About 10 % of rows repeat an earlier person (some with a new
 * email, which adds a link; one in a hundred of them joins two earlier people, which merges them), and a
 * few rows are bad (malformed email or address, no identifier, a missing column).
 */
export interface GeneratedCsv {
  rows: number;
  duplicates: number;
  joins: number;
  bad: number;
}

const HEADER = 'first_name,last_name,x_user_id,x_handle,email,crypto_address,crypto_chain,linkedin_url,company,title,tags';
const FIRST = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Alan', 'Radia'];
const LAST = ['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen', 'Turing', 'Perlman'];
const TITLES = ['CTO', 'Founder', 'Head of Growth', 'Engineer', '"Partner, Ventures"'];
const TAGS = ['vip', 'early;beta', '', 'conference-2026', 'investor'];

/** Deterministic 0..1 from an integer (mulberry32 step). */
function unit(seed: number): number {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

interface Has {
  handle: boolean;
  id: boolean;
  email: boolean;
  crypto: boolean;
  linkedin: boolean;
}

function has(person: number): Has {
  const r = unit(person);
  const email = unit(person * 7 + 1) < 0.6;
  const handle = r < 0.7 || !email;
  return { handle, id: handle && r < 0.35, email, crypto: unit(person * 7 + 2) < 0.25, linkedin: unit(person * 7 + 3) < 0.3 };
}

function personRow(p: number, h: Has, emailOverride?: string): string {
  const cols = [
    FIRST[p % FIRST.length],
    LAST[(p >> 3) % LAST.length],
    h.id ? String(1_000_000_000 + p) : '',
    h.handle ? (p % 5 === 0 ? `@User_${p}` : `user_${p}`) : '',
    emailOverride ?? (h.email ? `user${p}@example.com` : ''),
    h.crypto ? `0x${p.toString(16).padStart(40, '0')}` : '',
    h.crypto && p % 4 === 0 ? 'ethereum' : '',
    h.linkedin ? `https://www.linkedin.com/in/user-${p}/` : '',
    `Company ${p % 997}`,
    TITLES[p % TITLES.length],
    TAGS[p % TAGS.length],
  ];
  return cols.join(',');
}

const BAD_ROWS = [
  'Bad,Email,,,not-an-email,,,,Acme,CTO,',
  'Bad,Wallet,,,,0x1234,,,Acme,CTO,',
  'No,Identifier,,,,,,,Acme,CTO,',
  'Short,Row,,bad_short_row',
];

export async function writePeopleCsv(file: string, rows: number): Promise<GeneratedCsv> {
  const out = createWriteStream(file);
  const stats: GeneratedCsv = { rows, duplicates: 0, joins: 0, bad: 0 };
  const badEvery = Math.max(1000, Math.floor(rows / 20));
  let persons = 0;
  let chunk = `${HEADER}\n`;
  for (let i = 0; i < rows; i++) {
    let line: string;
    if (i % badEvery === badEvery - 1) {
      line = BAD_ROWS[stats.bad++ % BAD_ROWS.length] as string;
    } else if (persons > 100 && unit(i * 13 + 5) < 0.1) {
      const earlier = Math.floor(unit(i * 13 + 6) * persons);
      const h = has(earlier);
      if (unit(i * 13 + 7) < 0.01 && h.handle) {
        const other = Math.floor(unit(i * 13 + 8) * persons);
        line = personRow(earlier, { ...h, email: false, crypto: false, linkedin: false }, `user${other}@example.com`);
        stats.joins++;
      } else {
        line = personRow(earlier, h, unit(i * 13 + 9) < 0.3 ? `user${earlier}.work@example.com` : undefined);
      }
      stats.duplicates++;
    } else {
      line = personRow(persons, has(persons));
      persons++;
    }
    chunk += `${line}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return stats;
}
