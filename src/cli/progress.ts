import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  increment(by?: number): void;
  /** Stops the bar and prints a one-line summary. */
  done(summary: string): void;
}

/** A progress bar on stderr when it is a terminal; otherwise silent until the summary line. */
export function progress(label: string, total: number | undefined): Progress {
  if (!process.stderr.isTTY) {
    return { increment() {}, done: (summary) => console.error(`${label}: ${summary}`) };
  }
  const bar = new SingleBar(
    {
      format: total === undefined ? `${label} {value} done | {duration_formatted}` : `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(total ?? 0, 0);
  return {
    increment: (by = 1) => bar.increment(by),
    done: (summary) => {
      bar.stop();
      console.error(`${label}: ${summary}`);
    },
  };
}
