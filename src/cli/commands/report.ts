import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { assertMigrated } from '../../db/knex';
import { buildReport } from '../../reports/build';
import { renderHtml } from '../../reports/html/page';
import { renderText } from '../../reports/terminal/render';
import { withDatabase } from '../context';

interface ReportOptions {
  sequence: string;
  json?: boolean;
  html?: string;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('funnel, per-node counts, replies and conversions of a sequence, per version and A/B variant')
    .requiredOption('--sequence <name>', 'the sequence to report on')
    .option('--json', 'print the numbers as JSON instead of text')
    .option('--html <file>', 'also write a self-contained HTML page with the funnel and the sequence graph')
    .action(async (opts: ReportOptions) => {
      const report = await withDatabase(async (db) => {
        await assertMigrated(db);
        return buildReport(db, opts.sequence);
      });
      if (opts.html) {
        writeFileSync(opts.html, renderHtml(report, new Date()));
        console.error(`wrote ${opts.html}`);
      }
      console.log(opts.json ? JSON.stringify(report, null, 2) : renderText(report, process.stdout.columns || 80));
    });
}
