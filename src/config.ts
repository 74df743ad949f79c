import ms from 'ms';
import { z } from 'zod';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * The tick journeys act on. Ticks of an hour or more must divide a day so boundaries fall at the same
 * UTC times every day (6h: 00, 06, 12, 18); shorter ticks are for demos and benchmarks.
 */
export function parseTick(text: string): number {
  const value = ms(text as ms.StringValue);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1000) {
    throw new Error(`JOURNEY_TICK=${text}: expected a duration of at least 1s, such as 6h, 1h or 5s`);
  }
  if (value >= HOUR_MS && DAY_MS % value !== 0) {
    throw new Error(`JOURNEY_TICK=${text}: ticks of an hour or more must divide 24h (1h, 2h, 3h, 4h, 6h, 8h, 12h, 24h)`);
  }
  return value;
}

const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('outreach-journeys'),
  /** Temporal Cloud API key; implies TLS. */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS: z.enum(['true', 'false']).default('false'),
  TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
  JOURNEY_TICK: z.string().default('6h'),
  WORKER_MAX_CONCURRENT_ACTIVITIES: positiveInt.default(20),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: positiveInt.default(20),
  DATABASE_URL: z.string().min(1).optional(),
  /** Create the sandbox sender accounts at start, for trying the engine without providers. */
  OUTREACH_SANDBOX: z.enum(['true', 'false']).default('false'),
  X_API_ROOT: z.url({ protocol: /^https?$/ }).optional(),
  LINKEDIN_GATEWAY_URL: z.url({ protocol: /^https?$/ }).optional(),
});

export interface Config {
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    apiKey?: string;
    tls: boolean | { certPath: string; keyPath: string };
  };
  tickMs: number;
  worker: { maxConcurrentActivities: number; maxConcurrentWorkflowTasks: number };
  databaseUrl?: string;
  providers: { sandbox: boolean; xApiRoot?: string; linkedinGatewayUrl?: string };
}

/** Reads and validates the environment once; every problem names its variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  if (Boolean(e.TEMPORAL_TLS_CERT_PATH) !== Boolean(e.TEMPORAL_TLS_KEY_PATH)) {
    throw new Error('invalid configuration: TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together');
  }
  const mtls = e.TEMPORAL_TLS_CERT_PATH && e.TEMPORAL_TLS_KEY_PATH
    ? { certPath: e.TEMPORAL_TLS_CERT_PATH, keyPath: e.TEMPORAL_TLS_KEY_PATH }
    : undefined;
  return {
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      ...(e.TEMPORAL_API_KEY === undefined ? {} : { apiKey: e.TEMPORAL_API_KEY }),
      tls: mtls ?? (e.TEMPORAL_TLS === 'true' || e.TEMPORAL_API_KEY !== undefined),
    },
    tickMs: parseTick(e.JOURNEY_TICK),
    worker: {
      maxConcurrentActivities: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxConcurrentWorkflowTasks: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    },
    ...(e.DATABASE_URL === undefined ? {} : { databaseUrl: e.DATABASE_URL }),
    providers: {
      sandbox: e.OUTREACH_SANDBOX === 'true',
      ...(e.X_API_ROOT === undefined ? {} : { xApiRoot: e.X_API_ROOT }),
      ...(e.LINKEDIN_GATEWAY_URL === undefined ? {} : { linkedinGatewayUrl: e.LINKEDIN_GATEWAY_URL }),
    },
  };
}
