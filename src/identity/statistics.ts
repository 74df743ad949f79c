import type { Knex } from 'knex';
import { analyzeGraph } from '../db/graph-session';

/** Analyses the graph each time an import has doubled what it added since the last analysis. */
export class StatisticsSchedule {
  private added = 0;
  private analysedAt = 0;

  constructor(private readonly trx: Knex.Transaction) {}

  async grew(persons: number): Promise<void> {
    this.added += persons;
    if (this.added >= Math.max(2 * this.analysedAt, 10_000)) await this.refresh();
  }

  async refresh(): Promise<void> {
    if (this.added === this.analysedAt) return;
    await analyzeGraph(this.trx);
    this.analysedAt = this.added;
  }
}
