/** Deliveries started after their request was answered, so that closing the server can wait for them. */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  track(work: Promise<unknown>): void {
    const settled = work.catch(() => {}).finally(() => this.running.delete(settled));
    this.running.add(settled);
  }

  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }
}
