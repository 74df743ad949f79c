import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ExplainedError } from '../errors/describe';

/** A command line we refuse; one line naming the option, and what the command takes. */
class UsageError extends ExplainedError {
  override readonly name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `parseArgs` for the one-purpose scripts (demo, dev:services), with its refusals turned into one line
 * that names the option as written and lists the ones the script takes.
 */
export function parseScriptArgs<O extends Options>(options: O, args: string[] = process.argv.slice(2)) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (!code.startsWith('ERR_PARSE_ARGS_')) throw error;
    throw new UsageError(`${problem(code, (error as Error).message)} (options: ${optionList(options)})`, { cause: error });
  }
}

function problem(code: string, message: string): string {
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${quoted}`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument "${quoted}"`;
  if (/argument missing/.test(message)) return `${quoted.replace(/ <value>$/, '')} needs a value`;
  if (/does not take an argument/.test(message)) return `${quoted} takes no value`;
  return message;
}

function optionList(options: Options): string {
  return Object.entries(options)
    .map(([name, o]) => (o.type === 'string' ? `--${name} VALUE` : `--${name}`))
    .join(', ');
}
