import type { Sql } from './connection';

/**
 * Refreshes the planner's statistics of the graph tables. Rows this transaction inserted count: without this,
 * a table that grew from nothing inside the import still looks empty, and the planner picks plans (sequential
 * scans, nested loops) that cost a table scan per lookup.
 */
export async function analyzeGraph(sql: Sql): Promise<void> {
  // Row counts are what matters here; a small sample keeps each pass cheap. Autovacuum refines it later.
  await sql.query('set local default_statistics_target = 10');
  await sql.query('analyze persons, x_profiles, emails, crypto_addresses, linkedin_profiles');
  await sql.query('reset default_statistics_target');
}

/** Analyses the graph each time the import has doubled what it added since the last analysis. */
export class StatisticsSchedule {
  private added = 0;
  private analysedAt = 0;

  constructor(private readonly sql: Sql) {}

  async grew(persons: number): Promise<void> {
    this.added += persons;
    if (this.added >= Math.max(2 * this.analysedAt, 10_000)) await this.refresh();
  }

  async refresh(): Promise<void> {
    if (this.added === this.analysedAt) return;
    await analyzeGraph(this.sql);
    this.analysedAt = this.added;
  }
}
