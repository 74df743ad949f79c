import { parseTick } from '../config';
import { ConfigError, parseCount, parsePort } from '../config-values';
import { parseScriptArgs } from '../cli/script-args';
import { MAX_DEMO_LEADS } from './people';

/** The demo runs about forty ticks: a longer tick would keep it going for an hour or more. */
const MAX_DEMO_TICK_MS = 60_000;

export interface DemoOptions {
  keep: boolean;
  tick: string;
  tickMs: number;
  /** Generated fictional people; the example CSV when absent. */
  leads?: number;
  uiPort: number;
}

export function parseDemoOptions(args: string[] = process.argv.slice(2)): DemoOptions {
  const values = parseScriptArgs(
    {
      keep: { type: 'boolean', default: false },
      tick: { type: 'string', default: '1s' },
      leads: { type: 'string' },
      'ui-port': { type: 'string', default: '8233' },
    },
    args,
  );
  const tick = String(values.tick);
  const tickMs = parseTick(tick, '--tick');
  if (tickMs > MAX_DEMO_TICK_MS) throw new ConfigError(`--tick ${tick}: the demo takes ticks up to 1m (it runs about forty of them)`);
  return {
    keep: values.keep === true,
    tick,
    tickMs,
    ...(values.leads === undefined ? {} : { leads: parseCount('--leads', String(values.leads), { min: 1, max: MAX_DEMO_LEADS, why: 'one local worker runs them' }) }),
    uiPort: parsePort('--ui-port', String(values['ui-port'])),
  };
}
