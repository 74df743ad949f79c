/** Samples this process's resident set size, keeping the peak. */
export class RssSampler {
  peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs: number, onSample?: (rssMb: number, heapMb: number) => void) {
    this.timer = setInterval(() => {
      const { rss, heapUsed } = process.memoryUsage();
      this.peak = Math.max(this.peak, rss);
      onSample?.(mb(rss), mb(heapUsed));
    }, intervalMs);
    this.timer.unref();
  }

  stop(): number {
    clearInterval(this.timer);
    this.peak = Math.max(this.peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
    return mb(this.peak);
  }
}

export function mb(bytes: number): number {
  return Math.round(bytes / 1048576);
}
