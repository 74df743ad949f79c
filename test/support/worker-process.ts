import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import type { Knex } from 'knex';

const ROOT = path.resolve(__dirname, '../..');

export interface WorkerProcess {
  /** SIGTERM, then the exit: the worker drains its tasks as in production. */
  stop(): Promise<number | null>;
}

/**
 * `npm run worker` in a child process on the sandbox channels, polling `taskQueue` of the given server with
 * `db`'s database: a second worker beside a test's own, as a second machine would run it.
 */
export async function startWorkerProcess(opts: { address: string; taskQueue: string; db: Knex }): Promise<WorkerProcess> {
  const connection = opts.db.client.config.connection as { connectionString: string };
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'src/worker/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: opts.address,
      TEMPORAL_TASK_QUEUE: opts.taskQueue,
      DATABASE_URL: connection.connectionString,
      JOURNEY_TICK: '6h',
      OUTREACH_SANDBOX: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker: task queue')) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`the worker process exited (${code}) before it was ready:\n${output}`)));
  });
  await ready;
  return {
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}
