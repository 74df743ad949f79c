import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { loadLeadsFile, upsertLeads } from '../client/leads-file';
import { startJourneys } from '../client/start-journeys';
import { assertTemporalReady } from '../client/temporal-ready';
import { loadConfig } from '../config';
import { assertMigrated } from '../db/knex';
import { openDatabase } from '../db/open';
import { getSequenceVersion } from '../db/sequences';
import { connectClient } from '../temporal/connection';
import { exitOnError } from '../errors/exit';

const USAGE =
  'usage: npm run journeys:start -- --sequence NAME [--version N] (--lead PERSON_ID ... | --leads-file LEADS.json)';

/**
 * Starts a published sequence version for a list of leads (person ids, or people from a leads file);
 * leads already enrolled are skipped. Everything that can be checked is checked before the first write
 * (arguments, the leads file, the schema, the sequence version, the --lead ids, Temporal and its namespace);
 * the file's people are then written in one transaction, and only then are journeys started.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sequence: { type: 'string' },
      version: { type: 'string' },
      lead: { type: 'string', multiple: true },
      'leads-file': { type: 'string' },
    },
  });
  if (!values.sequence || (!values.lead?.length && !values['leads-file'])) throw new Error(USAGE);
  const version = values.version === undefined ? undefined : Number(values.version);
  if (version !== undefined && !(Number.isInteger(version) && version > 0)) {
    throw new Error(`--version ${values.version}: expected a positive whole number`);
  }
  const badLead = values.lead?.find((id) => !PERSON_ID.test(id));
  if (badLead !== undefined) throw new Error(`--lead ${badLead.slice(0, 40)}: expected a person id (a whole number)`);
  const leadsFromFile = values['leads-file'] === undefined ? [] : loadLeadsFile(values['leads-file']);
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl });
  try {
    const { db } = database;
    await assertMigrated(db);
    const stored = await getSequenceVersion(db, values.sequence, version);
    const unknown = await unknownPersonIds(db, values.lead ?? []);
    if (unknown.length > 0) throw new Error(`--lead: no such person ${unknown.join(', ')}; nothing was written or started`);
    const client = await connectClient(config.temporal);
    try {
      await assertTemporalReady(client, config.temporal.namespace);
      const personIds = [...new Set([...(values.lead ?? []), ...(await upsertLeads(db, leadsFromFile))])];
      const result = await startJourneys(client, db, {
        sequenceName: values.sequence,
        version: stored.version,
        personIds,
        taskQueue: config.temporal.taskQueue,
      });
      console.log(
        `sequence "${values.sequence}" version ${result.version}: ${result.started.length} started, ` +
          `${result.alreadyEnrolled.length} already enrolled`,
      );
      // Checked above; a person deleted since then is all that can land here.
      if (result.unknown.length > 0) {
        console.error(`no such person: ${result.unknown.join(', ')}`);
        process.exitCode = 1;
      }
    } finally {
      await client.connection.close();
    }
  } finally {
    await database.close();
  }
}

const PERSON_ID = /^[1-9][0-9]{0,17}$/;

async function unknownPersonIds(db: Knex, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows: { id: string }[] = await db('persons').whereRaw('id = any(?::bigint[])', [ids]).select('id');
  const known = new Set(rows.map((r) => String(r.id)));
  return ids.filter((id) => !known.has(id));
}

main().catch(exitOnError());
