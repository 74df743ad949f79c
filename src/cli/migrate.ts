import { migrateToLatest, migrationStatus, rollbackAllMigrations } from '../db/knex';
import { openDatabase } from '../db/open';

/** `npm run migrate` brings the schema up to date; `npm run migrate -- --down` rolls every migration back. */
async function main(): Promise<void> {
  const down = process.argv.includes('--down');
  const database = await openDatabase();
  try {
    if (down) await rollbackAllMigrations(database.db);
    else await migrateToLatest(database.db);
    const { applied, pending } = await migrationStatus(database.db);
    console.log(`migrations: ${applied} applied, ${pending} pending`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
