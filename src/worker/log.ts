import { inspect } from 'node:util';
import { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';
import { describeError } from '../errors/describe';

/** Metadata the SDK adds that only adds noise to a line (the task token is a long opaque blob). */
const DROPPED = new Set(['taskToken']);

/**
 * One JSON object per line for every worker log entry. An error in the entry (the SDK logs each failed
 * activity with it) becomes its one-line description and failure type; only a bug carries its stack.
 */
export function logLine(entry: LogEntry): string {
  const fields: Record<string, unknown> = {
    time: new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString(),
    level: entry.level,
    message: entry.message,
  };
  for (const [key, value] of Object.entries(entry.meta ?? {})) {
    if (DROPPED.has(key)) continue;
    if (value instanceof Error) Object.assign(fields, errorFields(key, value));
    else fields[key] = value;
  }
  return JSON.stringify(fields, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
}

function errorFields(key: string, error: Error): Record<string, unknown> {
  const { message, bug } = describeError(error);
  return {
    [key]: message,
    ...(error instanceof ApplicationFailure && error.type ? { [`${key}Type`]: error.type } : {}),
    ...(bug ? { stack: inspect(error, { depth: 4 }) } : {}),
  };
}

/** The worker's logger: one JSON line per entry at `level` and above, on stderr unless told otherwise. */
export function oneLineLogger(level: LogLevel = 'INFO', write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): DefaultLogger {
  return new DefaultLogger(level, (entry) => write(logLine(entry)));
}
