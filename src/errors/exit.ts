import { inspect } from 'node:util';
import { describeError } from './describe';

/**
 * Tells the user why a command stopped: one line for anything expected (bad config or input, a server
 * that cannot be reached or refused), and the whole error with its stack only for a bug.
 */
function reportFatal(error: unknown, prefix?: string): void {
  const { message, bug } = describeError(error);
  process.stderr.write(`${prefix ? `${prefix}: ` : ''}${message.split('\n').map(clipLine).join('\n')}\n`);
  if (bug) process.stderr.write(`this is a bug in outreach-engine; the details:\n${inspect(error, { depth: 4 })}\n`);
}

/** The final catch of an entry point: reports the error and exits with status 1. */
export function exitOnError(prefix?: string): (error: unknown) => never {
  return (error) => {
    reportFatal(error, prefix);
    process.exit(1);
  };
}

/** Longest line printed: a message may quote what the user typed, and a 5 MB argument must not come back whole. */
const MAX_LINE_CHARS = 1000;

function clipLine(line: string): string {
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}... (${line.length - MAX_LINE_CHARS} more characters)` : line;
}
