import assert from 'node:assert/strict';
import net from 'node:net';
import { runCli, type CliResult } from '../support/cli';
import { testDbUrl } from '../support/database';
import { runScript } from '../support/script';

const STACK = /\n\s+at /;

/** Exit status 1 and exactly one line on stderr, with no stack trace. */
function assertOneLine(result: CliResult, line: string): void {
  assert.equal(result.code, 1, `exit status\nstderr: ${result.stderr}`);
  assert.doesNotMatch(result.stderr, STACK);
  assert.equal(result.stderr, `${line}\n`);
}

/** A port nothing listens on: taken from the OS, then released. */
async function deadPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A port that accepts connections and never says a word, as a firewall or a wrong service might. */
async function silentPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => sockets.add(socket)).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('operations: bad settings and unreachable servers get one line, never a stack', function () {
  this.timeout(120_000);
  let dbUrl: string;

  before(async () => {
    dbUrl = await testDbUrl();
  });

  describe('DATABASE_URL', () => {
    it('refuses a value that is not a URL instead of connecting to localhost', async () => {
      assertOneLine(
        await runCli(['status', '--sequence', 'any'], { DATABASE_URL: 'not a url' }),
        'outreach: DATABASE_URL: not a URL; expected postgres://USER:PASSWORD@HOST:PORT/DATABASE (percent-encode special characters in the password, such as @ as %40)',
      );
    });

    it('refuses a mysql:// URL without echoing its password', async () => {
      const result = await runCli(['status', '--sequence', 'any'], { DATABASE_URL: 'mysql://app:hunter2@db:3306/outreach' });
      assertOneLine(result, 'outreach: DATABASE_URL: the scheme "mysql:" is not Postgres; expected postgres://USER:PASSWORD@HOST:PORT/DATABASE (or postgresql://)');
      assert.doesNotMatch(result.stderr, /hunter2/);
    });

    it('says the password was refused, naming the server and the user but not the password', async () => {
      const url = new URL(dbUrl);
      url.password = 'wrong-password';
      const result = await runCli(['status', '--sequence', 'any'], { DATABASE_URL: url.toString() });
      assertOneLine(
        result,
        `outreach: cannot connect to Postgres at 127.0.0.1:${url.port}/outreach (DATABASE_URL): password authentication failed for user "postgres"`,
      );
      assert.doesNotMatch(result.stderr, /wrong-password/);
    });

    it('says the connection was refused when nothing listens on the port', async () => {
      const port = await deadPort();
      assertOneLine(
        await runCli(['status', '--sequence', 'any'], { DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${port}/outreach` }),
        `outreach: cannot connect to Postgres at 127.0.0.1:${port}/outreach (DATABASE_URL): connection refused (is Postgres running and listening on that port?)`,
      );
    });

    it('names a database that does not exist', async () => {
      const url = new URL(dbUrl);
      url.pathname = '/no_such_database';
      assertOneLine(
        await runCli(['status', '--sequence', 'any'], { DATABASE_URL: url.toString() }),
        `outreach: cannot connect to Postgres at 127.0.0.1:${url.port}/no_such_database (DATABASE_URL): database "no_such_database" does not exist: create it, or name another database in the URL`,
      );
    });

    it('gives up on a server that never answers after DATABASE_CONNECT_TIMEOUT', async () => {
      const silent = await silentPort();
      try {
        assertOneLine(
          await runCli(['status', '--sequence', 'any'], {
            DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${silent.port}/outreach`,
            DATABASE_CONNECT_TIMEOUT: '1s',
          }),
          `outreach: cannot connect to Postgres at 127.0.0.1:${silent.port}/outreach (DATABASE_URL): no answer within 1 s (DATABASE_CONNECT_TIMEOUT)`,
        );
      } finally {
        await silent.close();
      }
    });
  });

  describe('Temporal', () => {
    it('the CLI names TEMPORAL_ADDRESS, the timeout and what to check when the port accepts but never answers', async () => {
      const silent = await silentPort();
      try {
        assertOneLine(
          await runCli(['pause', '--sequence', 'any'], { DATABASE_URL: dbUrl, TEMPORAL_ADDRESS: `127.0.0.1:${silent.port}`, TEMPORAL_CONNECT_TIMEOUT: '1s' }),
          `outreach: cannot reach Temporal at 127.0.0.1:${silent.port} (TEMPORAL_ADDRESS): the port accepts connections but no Temporal server answered ` +
            "within 1 s (TEMPORAL_CONNECT_TIMEOUT); check that it is Temporal's gRPC port (7233 by default, not the Web UI's) and that TEMPORAL_TLS matches the server",
        );
      } finally {
        await silent.close();
      }
    });

    it('the worker gives up on a silent Temporal port after TEMPORAL_CONNECT_TIMEOUT', async () => {
      const silent = await silentPort();
      try {
        const result = await runScript('src/worker/main.ts', [], {
          DATABASE_URL: dbUrl,
          TEMPORAL_ADDRESS: `127.0.0.1:${silent.port}`,
          TEMPORAL_CONNECT_TIMEOUT: '1s',
        });
        assertOneLine(
          result,
          `worker: cannot reach Temporal at 127.0.0.1:${silent.port} (TEMPORAL_ADDRESS): the port accepts connections but no Temporal server answered ` +
            "within 1 s (TEMPORAL_CONNECT_TIMEOUT); check that it is Temporal's gRPC port (7233 by default, not the Web UI's) and that TEMPORAL_TLS matches the server",
        );
      } finally {
        await silent.close();
      }
    });

    it('the worker says the connection was refused, and how to start a local server', async () => {
      const port = await deadPort();
      assertOneLine(
        await runScript('src/worker/main.ts', [], { DATABASE_URL: dbUrl, TEMPORAL_ADDRESS: `127.0.0.1:${port}` }),
        `worker: cannot reach Temporal at 127.0.0.1:${port} (TEMPORAL_ADDRESS): connection refused (nothing listens on that port); ` +
          'start a local one with `npm run dev:services`, or point TEMPORAL_ADDRESS at your cluster',
      );
    });

    it('names the TLS variable whose file cannot be read', async () => {
      assertOneLine(
        await runScript('src/worker/main.ts', [], { DATABASE_URL: dbUrl, TEMPORAL_TLS_CERT_PATH: '/nonexistent/client.pem', TEMPORAL_TLS_KEY_PATH: '/dev/zero' }),
        'worker: TEMPORAL_TLS_CERT_PATH: /nonexistent/client.pem: no such file',
      );
    });

    it('refuses a TEMPORAL_ADDRESS that is not host:port before connecting', async () => {
      assertOneLine(
        await runScript('src/worker/main.ts', [], { TEMPORAL_ADDRESS: 'not a host' }),
        'worker: TEMPORAL_ADDRESS=not a host: expected HOST:PORT, such as localhost:7233 or my-namespace.a1b2c.tmprl.cloud:7233',
      );
    });
  });

  describe('JOURNEY_TICK and script options', () => {
    it('the worker refuses a tick that drifts across days', async () => {
      assertOneLine(
        await runScript('src/worker/main.ts', [], { JOURNEY_TICK: '59m' }),
        'worker: JOURNEY_TICK=59m: a tick must divide 24h exactly, so every day has the same tick times (such as 1s, 30s, 5m, 1h, 6h)',
      );
      assertOneLine(await runScript('src/worker/main.ts', [], { JOURNEY_TICK: '1.5s' }), 'worker: JOURNEY_TICK=1.5s: a tick must be a whole number of seconds');
    });

    it('the demo blames --tick, not JOURNEY_TICK', async () => {
      assertOneLine(await runScript('src/demo/main.ts', ['--tick', 'abc']), 'demo: --tick abc: expected a duration with a unit, such as 1s, 30s, 5m or 6h');
      assertOneLine(await runScript('src/demo/main.ts', ['--tick', '5m']), 'demo: --tick 5m: the demo takes ticks up to 1m (it runs about forty of them)');
    });

    it('the demo names an unknown option and lists the ones it takes', async () => {
      assertOneLine(
        await runScript('src/demo/main.ts', ['--leadz', '50']),
        'demo: unknown option --leadz (options: --keep, --tick VALUE, --leads VALUE, --ui-port VALUE)',
      );
      assertOneLine(
        await runScript('src/demo/main.ts', ['--tick']),
        'demo: --tick needs a value (options: --keep, --tick VALUE, --leads VALUE, --ui-port VALUE)',
      );
    });

    it('the demo bounds --leads and --ui-port', async () => {
      assertOneLine(await runScript('src/demo/main.ts', ['--leads', '100000']), 'demo: --leads 100000: expected a whole number from 1 to 500 (one local worker runs them)');
      assertOneLine(await runScript('src/demo/main.ts', ['--leads', 'fifty']), 'demo: --leads fifty: expected a whole number from 1 to 500 (one local worker runs them)');
      assertOneLine(await runScript('src/demo/main.ts', ['--ui-port', '99999']), 'demo: --ui-port 99999: expected a whole number from 1 to 65535');
    });

    it('dev:services names a bad port option', async () => {
      assertOneLine(await runScript('src/cli/dev-services.ts', ['--port', 'abc']), 'dev:services: --port abc: expected a whole number from 1 to 65535');
      assertOneLine(
        await runScript('src/cli/dev-services.ts', ['--ui', '1']),
        'dev:services: unknown option --ui (options: --port VALUE, --ui-port VALUE, --ingest-port VALUE)',
      );
      assertOneLine(
        await runScript('src/cli/dev-services.ts', ['--ingest-port', '7233']),
        'dev:services: --port 7233, --ui-port 8233 and --ingest-port 7233: the server, the Web UI and the ingest service need a port each',
      );
    });
  });
});
