import { InvalidArgumentError } from 'commander';

/** A commander parser for positive whole numbers that names the option at fault. */
export function positiveInt(option: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${option} ${value}: expected a positive whole number`);
    return n;
  };
}
