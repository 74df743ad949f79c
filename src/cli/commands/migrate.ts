import type { Command } from 'commander';
import { migrateToLatest, migrationStatus, rollbackAllMigrations } from '../../db/knex';
import { withDatabase } from '../context';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date (DATABASE_URL, or the embedded Postgres under .data/)')
    .option('--down', 'roll every migration back instead')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { down?: boolean; json?: boolean }) => {
      await withDatabase(async (db) => {
        if (opts.down) await rollbackAllMigrations(db);
        else await migrateToLatest(db);
        const status = await migrationStatus(db);
        console.log(opts.json ? JSON.stringify(status) : `migrations: ${status.applied} applied, ${status.pending} pending`);
      });
    });
}
