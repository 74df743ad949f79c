import type { Knex } from 'knex';
import { z } from 'zod';
import { sandboxScriptSchema } from '../channels/sandbox-script';
import { setSandboxScript } from '../db/sandbox';
import { formatBytes, readTextFile } from '../input/text-file';
import { textProblems } from '../input/text-values';
import {
  InvalidValue,
  normalizeChain,
  normalizeCryptoAddress,
  normalizeEmail,
  normalizeHandle,
  normalizeLinkedinUrl,
  normalizeXUserId,
} from '../identity/normalize';
import { importRow, type ImportRow } from '../identity/row';
import { writeRows } from '../identity/write';
import { parseJsonSource } from './leads-json';

/** A leads file is for a hand-made list; thousands of people go through `audience import` and `enroll`. */
export const MAX_LEADS_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_LEADS = 10_000;
/** Any string in a lead: a name, an identifier as written (a profile URL with its tracking query), a value. */
const MAX_LEAD_STRING_CHARS = 2000;
const MAX_NAME_CHARS = 200;
const MAX_ATTRIBUTES = 100;
/** Attribute names are template variables (`{{ company }}`). */
const MAX_ATTRIBUTE_NAME_CHARS = 64;
/** The array, a lead, its sandbox script, failures, one action's failure: 5; a little room beyond. */
const MAX_DEPTH = 8;
/** Problems printed for one file; the rest are counted. */
const MAX_REPORTED_PROBLEMS = 50;

/** Turns the importer's InvalidValue into a zod issue on the field, so it is named like every other problem. */
function normalizing<I, O>(normalize: (input: I) => O) {
  return (input: I, ctx: z.RefinementCtx): O => {
    try {
      return normalize(input);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
      return z.NEVER;
    }
  };
}

/** A string normalised as the CSV importer does, so both ways in find the same person. */
const normalized = (normalize: (raw: string) => string) =>
  z.string().max(MAX_LEAD_STRING_CHARS, `at most ${MAX_LEAD_STRING_CHARS} characters`).transform(normalizing(normalize));

const name = z.string().max(MAX_NAME_CHARS, `at most ${MAX_NAME_CHARS} characters`);

const attributes = z.record(z.string(), z.string()).superRefine((a, ctx) => {
  const names = Object.keys(a);
  if (names.length > MAX_ATTRIBUTES) ctx.addIssue({ code: 'custom', message: `more than ${MAX_ATTRIBUTES} attributes, the limit per lead` });
  for (const name of names) {
    if (name.length === 0) ctx.addIssue({ code: 'custom', path: [name], message: 'an attribute needs a name' });
    if (name.length > MAX_ATTRIBUTE_NAME_CHARS) {
      ctx.addIssue({ code: 'custom', path: [name], message: `attribute names have at most ${MAX_ATTRIBUTE_NAME_CHARS} characters` });
    }
  }
});

const cryptoSchema = z.strictObject({ chain: z.string().optional(), address: z.string() }).transform(
  normalizing((c) => {
    const chain = normalizeChain(c.chain);
    return { chain, address: normalizeCryptoAddress(chain, c.address) };
  }),
);

const leadSchema = z
  .strictObject({
    first_name: name.optional(),
    last_name: name.optional(),
    x_handle: normalized(normalizeHandle).optional(),
    x_user_id: normalized(normalizeXUserId).optional(),
    email: normalized(normalizeEmail).optional(),
    linkedin_url: normalized(normalizeLinkedinUrl).optional(),
    crypto: cryptoSchema.optional(),
    attributes: attributes.optional(),
    /** How the sandbox channel plays this lead (demo and tests only). */
    sandbox: sandboxScriptSchema.optional(),
  })
  .refine((l) => l.x_handle || l.x_user_id || l.email || l.linkedin_url || l.crypto, 'a lead needs at least one identifier');

export type LeadSpec = z.infer<typeof leadSchema>;

/**
 * Reads a JSON array of leads, within the bounds above; every problem names the file, the line and column,
 * and the lead's index and field (`leads.json:4:7: lead 2.email: invalid email "x"`).
 */
export function loadLeadsFile(file: string): LeadSpec[] {
  const source = parseJsonSource(file, readTextFile(file, { what: 'leads file', maxBytes: MAX_LEADS_FILE_BYTES }), MAX_DEPTH);
  if (!Array.isArray(source.value)) throw new Error(`${file}:${source.positionOf([])}: expected a JSON array of leads`);
  if (source.value.length === 0) throw new Error(`${file}: an empty array; a leads file names at least one lead`);
  if (source.value.length > MAX_LEADS) {
    throw new Error(
      `${file}: ${source.value.length} leads, over the limit of ${MAX_LEADS} (or ${formatBytes(MAX_LEADS_FILE_BYTES)}) ` +
        'for a leads file; import more with `outreach audience import` and start them with `outreach enroll`',
    );
  }
  const stored = textProblems(source.value, { maxStringChars: MAX_LEAD_STRING_CHARS, maxDepth: MAX_DEPTH });
  const parsed = z.array(leadSchema).safeParse(source.value);
  const issues = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.filter((p) => typeof p !== 'symbol'), message: i.message }));
  const seen = new Set(stored.map((p) => p.path.join('.')));
  const problems = [...stored, ...issues.filter((i) => !seen.has(i.path.join('.')))];
  if (problems.length === 0 && parsed.success) return parsed.data;
  const lines = problems
    .map((p) => {
      const [lead, ...field] = p.path;
      const shown = field.map((f) => (String(f).length > 40 ? `${String(f).slice(0, 40)}…` : String(f)));
      const where = lead === undefined ? '' : ` lead ${lead}${shown.length > 0 ? `.${shown.join('.')}` : ''}:`;
      const position = source.positionOf(p.path);
      const [line, column] = position.split(':').map(Number) as [number, number];
      return { line, column, text: `${file}:${position}:${where} ${p.message}` };
    })
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .map((l) => l.text);
  const more = lines.length > MAX_REPORTED_PROBLEMS ? [`... and ${lines.length - MAX_REPORTED_PROBLEMS} more`] : [];
  throw new Error([...lines.slice(0, MAX_REPORTED_PROBLEMS), ...more].join('\n'));
}

/**
 * Writes the leads into the identity graph by the rules every way in follows (src/identity/write.ts): a lead
 * is found by any identifier the graph has, its new identifiers are kept, and a lead naming identifiers of
 * two persons merges them. Returns the live person of each lead, in order. One transaction: a lead the
 * database refuses leaves no other lead written.
 */
export async function upsertLeads(db: Knex, leads: LeadSpec[]): Promise<string[]> {
  return db.transaction(async (trx) => {
    const rows = leads.map(leadRow);
    const written = await writeRows(trx, rows, 'leads');
    const ids = rows.map((row) => written.personByLine.get(row.line) as string);
    for (const [index, lead] of leads.entries()) {
      if (lead.sandbox) await setSandboxScript(trx, ids[index] as string, lead.sandbox);
    }
    return ids;
  });
}

/** A lead as the graph's writer takes a row; its `line` is the lead's index, as messages name it. */
function leadRow(lead: LeadSpec, index: number): ImportRow {
  const given = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value);
  const row = importRow(index, {
    xUserId: lead.x_user_id,
    xHandle: lead.x_handle,
    email: lead.email,
    crypto: lead.crypto,
    linkedinUrl: lead.linkedin_url,
    firstName: given(lead.first_name),
    lastName: given(lead.last_name),
    attributes: Object.fromEntries(Object.entries(lead.attributes ?? {}).filter(([, value]) => given(value) !== undefined)),
  });
  if (!row) throw new Error(`lead ${index}: a lead needs at least one identifier`);
  return row;
}
