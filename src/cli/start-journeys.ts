import { parseArgs } from 'node:util';
import { loadLeadsFile, upsertLeads } from '../client/leads-file';
import { startJourneys } from '../client/start-journeys';
import { loadConfig } from '../config';
import { assertMigrated } from '../db/knex';
import { openDatabase } from '../db/open';
import { connectClient } from '../temporal/connection';

const USAGE =
  'usage: npm run journeys:start -- --sequence NAME [--version N] (--lead PERSON_ID ... | --leads-file LEADS.json)';

/** Starts a published sequence version for a list of leads (person ids); leads already enrolled are skipped. */
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
  const leadsFromFile = values['leads-file'] === undefined ? [] : loadLeadsFile(values['leads-file']);
  const version = values.version === undefined ? undefined : Number(values.version);
  if (version !== undefined && !(Number.isInteger(version) && version > 0)) {
    throw new Error(`--version ${values.version}: expected a positive whole number`);
  }
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl });
  try {
    await assertMigrated(database.db);
    const personIds = [...(values.lead ?? []), ...(await upsertLeads(database.db, leadsFromFile))];
    const client = await connectClient(config.temporal);
    const result = await startJourneys(client, database.db, {
      sequenceName: values.sequence,
      ...(version === undefined ? {} : { version }),
      personIds,
      taskQueue: config.temporal.taskQueue,
    });
    console.log(
      `sequence "${values.sequence}" version ${result.version}: ${result.started.length} started, ` +
        `${result.alreadyEnrolled.length} already enrolled`,
    );
    if (result.unknown.length > 0) {
      console.error(`no such person: ${result.unknown.join(', ')}`);
      process.exitCode = 1;
    }
    await client.connection.close();
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
