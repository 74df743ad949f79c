import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';
import { z } from 'zod';
import { sandboxScriptSchema } from '../channels/sandbox-script';
import { findPersonByIdentifier, insertPerson } from '../db/people';
import { setSandboxScript } from '../db/sandbox';
import {
  canonicalLinkedinUrl,
  InvalidValue,
  normalizeChain,
  normalizeCryptoAddress,
  normalizeEmail,
  normalizeHandle,
  normalizeXUserId,
} from '../identity/normalize';

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
const normalized = (normalize: (raw: string) => string) => z.string().transform(normalizing(normalize));

const cryptoSchema = z.strictObject({ chain: z.string().optional(), address: z.string() }).transform(
  normalizing((c) => {
    const chain = normalizeChain(c.chain);
    return { chain, address: normalizeCryptoAddress(chain, c.address) };
  }),
);

const leadSchema = z
  .strictObject({
    first_name: z.string().optional(),
    last_name: z.string().optional(),
    x_handle: normalized(normalizeHandle).optional(),
    x_user_id: normalized(normalizeXUserId).optional(),
    email: normalized(normalizeEmail).optional(),
    linkedin_url: normalized(canonicalLinkedinUrl).optional(),
    crypto: cryptoSchema.optional(),
    attributes: z.record(z.string(), z.string()).optional(),
    /** How the sandbox channel plays this lead (demo and tests only). */
    sandbox: sandboxScriptSchema.optional(),
  })
  .refine((l) => l.x_handle || l.x_user_id || l.email || l.linkedin_url || l.crypto, 'a lead needs at least one identifier');

export type LeadSpec = z.infer<typeof leadSchema>;

/** Reads a JSON array of leads; every problem names the file and the lead's index and field. */
export function loadLeadsFile(file: string): LeadSpec[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = z.array(leadSchema).safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${file}: lead ${i.path.join('.')}: ${i.message}`);
  throw new Error(problems.join('\n'));
}

/** Finds each lead by an identifier it already has in the graph, or adds it; returns person ids in order. */
export async function upsertLeads(db: Knex, leads: LeadSpec[]): Promise<string[]> {
  const ids: string[] = [];
  for (const lead of leads) {
    const person = {
      ...(lead.first_name === undefined ? {} : { firstName: lead.first_name }),
      ...(lead.last_name === undefined ? {} : { lastName: lead.last_name }),
      ...(lead.x_handle === undefined ? {} : { xHandle: lead.x_handle }),
      ...(lead.x_user_id === undefined ? {} : { xUserId: lead.x_user_id }),
      ...(lead.email === undefined ? {} : { email: lead.email }),
      ...(lead.linkedin_url === undefined ? {} : { linkedinUrl: lead.linkedin_url }),
      ...(lead.crypto === undefined ? {} : { crypto: lead.crypto }),
      ...(lead.attributes === undefined ? {} : { attributes: lead.attributes }),
    };
    const personId = (await findPersonByIdentifier(db, person)) ?? (await insertPerson(db, person));
    if (lead.sandbox) await setSandboxScript(db, personId, lead.sandbox);
    ids.push(personId);
  }
  return ids;
}
