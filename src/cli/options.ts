import { InvalidArgumentError } from 'commander';

/** A commander parser for whole numbers from 1 to `max` that names the option at fault and the bound. */
export function positiveInt(option: string, max: number): (value: string) => number {
  return (value) => {
    const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < 1 || n > max) {
      throw new InvalidArgumentError(`${option} ${value.slice(0, 40)}: expected a whole number from 1 to ${max.toLocaleString('en-US')}`);
    }
    return n;
  };
}

/** Sequence versions are numbered from 1; a database integer holds at most this. */
export const MAX_VERSION = 2_147_483_647;
/** Workflow starts or signals in flight at once: more only queues in the client and loads the server. */
export const MAX_CONCURRENCY = 500;
