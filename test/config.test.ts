import assert from 'node:assert/strict';
import { loadConfig, parseTick } from '../src/config';
import { postgresTarget } from '../src/config-values';

describe('configuration', () => {
  it('defaults to a 6-hour tick and the local Temporal server', () => {
    const config = loadConfig({});
    assert.equal(config.tickMs, 6 * 3_600_000);
    assert.equal(config.temporal.address, 'localhost:7233');
    assert.equal(config.temporal.taskQueue, 'outreach-journeys');
    assert.equal(config.temporal.tls, false);
    assert.equal(config.temporal.connectTimeoutMs, 10_000);
    assert.equal(config.databaseConnectTimeoutMs, 10_000);
  });

  it('accepts ticks of whole seconds that divide a day', () => {
    const accepted = [['1s', 1000], ['5s', 5000], ['30s', 30_000], ['5m', 300_000], ['1h', 3_600_000], ['6h', 21_600_000], ['8h', 28_800_000], ['24h', 86_400_000]] as const;
    for (const [text, ms] of accepted) assert.equal(parseTick(text), ms);
  });

  it('refuses a tick that would drift across days, naming the variable and the rule', () => {
    assert.throws(() => parseTick('5h'), /^ConfigError: JOURNEY_TICK=5h: a tick must divide 24h exactly, so every day has the same tick times \(such as 1s, 30s, 5m, 1h, 6h\)$/);
    assert.throws(() => parseTick('59m'), /^ConfigError: JOURNEY_TICK=59m: a tick must divide 24h exactly/);
    assert.throws(() => parseTick('7s'), /^ConfigError: JOURNEY_TICK=7s: a tick must divide 24h exactly/);
    assert.throws(() => parseTick('1.5s'), /^ConfigError: JOURNEY_TICK=1\.5s: a tick must be a whole number of seconds$/);
    assert.throws(() => parseTick('10ms'), /^ConfigError: JOURNEY_TICK=10ms: a tick must be at least 1s$/);
    assert.throws(() => parseTick('48h'), /^ConfigError: JOURNEY_TICK=48h: a tick must be at most 24h$/);
    assert.throws(() => parseTick('soon'), /^ConfigError: JOURNEY_TICK=soon: expected a duration with a unit, such as 1s, 30s, 5m or 6h$/);
    assert.throws(() => parseTick('3600000'), /JOURNEY_TICK=3600000: expected a duration with a unit/);
    assert.throws(() => parseTick('-6h'), /JOURNEY_TICK=-6h: a tick must be at least 1s/);
  });

  it('names the option a tick came from, as the user wrote it', () => {
    assert.throws(() => parseTick('abc', '--tick'), /^ConfigError: --tick abc: expected a duration with a unit/);
    assert.throws(() => loadConfig({ JOURNEY_TICK: '59m' }), /^ConfigError: JOURNEY_TICK=59m: a tick must divide 24h exactly/);
  });

  it('names every bad variable at once, one line each', () => {
    assert.throws(
      () => loadConfig({ WORKER_MAX_CONCURRENT_ACTIVITIES: 'many', TEMPORAL_TLS: 'yes' }),
      (error: Error) =>
        error.message ===
        'WORKER_MAX_CONCURRENT_ACTIVITIES=many: expected a whole number from 1 to 200 (each may hold a Postgres connection)\n' +
          'TEMPORAL_TLS=yes: expected true or false',
    );
  });

  it('bounds worker concurrency and connect timeouts, saying the bound', () => {
    assert.throws(() => loadConfig({ WORKER_MAX_CONCURRENT_ACTIVITIES: '5000' }), /WORKER_MAX_CONCURRENT_ACTIVITIES=5000: expected a whole number from 1 to 200/);
    assert.throws(() => loadConfig({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '0' }), /WORKER_MAX_CONCURRENT_WORKFLOW_TASKS=0: expected a whole number from 1 to 1000/);
    assert.throws(() => loadConfig({ TEMPORAL_CONNECT_TIMEOUT: '1h' }), /^ConfigError: TEMPORAL_CONNECT_TIMEOUT=1h: must be from 1s to 5m$/);
    assert.throws(() => loadConfig({ DATABASE_CONNECT_TIMEOUT: '10' }), /DATABASE_CONNECT_TIMEOUT=10: expected a duration with a unit, such as 10s or 2m \(from 1s to 5m\)/);
    assert.equal(loadConfig({ TEMPORAL_CONNECT_TIMEOUT: '2s' }).temporal.connectTimeoutMs, 2000);
  });

  it('refuses a variable that is set but empty', () => {
    assert.throws(() => loadConfig({ DATABASE_URL: '' }), /^ConfigError: DATABASE_URL is set but empty: unset it or give a value$/);
    assert.throws(() => loadConfig({ TEMPORAL_ADDRESS: ' ' }), /^ConfigError: TEMPORAL_ADDRESS is set but empty: unset it for the default or give a value$/);
  });

  it('wants TEMPORAL_ADDRESS as host:port and Temporal names within its limit', () => {
    for (const good of ['localhost:7233', '10.0.0.5:7233', '[::1]:7233', 'ns.a1b2c.tmprl.cloud:7233']) {
      assert.equal(loadConfig({ TEMPORAL_ADDRESS: good }).temporal.address, good);
    }
    for (const bad of ['not a host', 'localhost', 'localhost:0', 'localhost:70000', 'http://localhost:7233']) {
      assert.throws(() => loadConfig({ TEMPORAL_ADDRESS: bad }), new RegExp(`^ConfigError: TEMPORAL_ADDRESS=${bad.replace(/[.]/g, '\\.')}: expected HOST:PORT, such as localhost:7233`));
    }
    assert.throws(() => loadConfig({ TEMPORAL_TASK_QUEUE: 'q'.repeat(1001) }), /^ConfigError: TEMPORAL_TASK_QUEUE: 1001 characters, over Temporal's limit of 1000$/);
  });

  it('accepts Postgres URLs only, and never echoes one', () => {
    const url = 'postgresql://app:s3cret@db.internal:6432/outreach?sslmode=require';
    assert.equal(loadConfig({ DATABASE_URL: url }).databaseUrl, url);
    const refusals: [string, RegExp][] = [
      ['not a url', /^ConfigError: DATABASE_URL: not a URL; expected postgres:\/\/USER:PASSWORD@HOST:PORT\/DATABASE \(percent-encode special characters in the password, such as @ as %40\)$/],
      ['mysql://app:s3cret@db:3306/outreach', /^ConfigError: DATABASE_URL: the scheme "mysql:" is not Postgres; expected postgres:\/\/USER:PASSWORD@HOST:PORT\/DATABASE \(or postgresql:\/\/\)$/],
      ['postgres:///outreach?password=s3cret', /^ConfigError: DATABASE_URL: names no host/],
      ['postgres://app:s3cret@db/a/b', /^ConfigError: DATABASE_URL: the path must be one database name/],
      ['postgres://app:p#s3cret@db/outreach', /^ConfigError: DATABASE_URL: not a URL/],
    ];
    for (const [bad, expected] of refusals) {
      assert.throws(() => loadConfig({ DATABASE_URL: bad }), (error: Error) => expected.test(String(error)) && !error.message.includes('s3cret'));
    }
    assert.equal(postgresTarget(url), 'db.internal:6432/outreach');
    assert.equal(postgresTarget('postgres://app@db'), 'db:5432/app');
  });

  it('turns TLS on with an API key, and wants both halves of a client certificate', () => {
    assert.equal(loadConfig({ TEMPORAL_API_KEY: 'k' }).temporal.tls, true);
    assert.throws(() => loadConfig({ TEMPORAL_TLS_CERT_PATH: 'c.pem' }), /TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH/);
    assert.deepEqual(loadConfig({ TEMPORAL_TLS_CERT_PATH: 'c.pem', TEMPORAL_TLS_KEY_PATH: 'k.pem' }).temporal.tls, { certPath: 'c.pem', keyPath: 'k.pem' });
  });

  it('runs real providers only, unless OUTREACH_SANDBOX asks for the sandbox accounts; provider URLs must be http(s)', () => {
    assert.deepEqual(loadConfig({}).providers, { sandbox: false });
    const config = loadConfig({ OUTREACH_SANDBOX: 'true', X_API_ROOT: 'http://127.0.0.1:9000', LINKEDIN_GATEWAY_URL: 'https://gw.internal' });
    assert.deepEqual(config.providers, { sandbox: true, xApiRoot: 'http://127.0.0.1:9000', linkedinGatewayUrl: 'https://gw.internal' });
    assert.throws(() => loadConfig({ X_API_ROOT: 'ftp://x' }), /^ConfigError: X_API_ROOT=ftp:\/\/x: expected an http:\/\/ or https:\/\/ URL$/);
  });
  it('reads the ingest service settings: port and host bounded, secrets in their form or as references, never echoed', () => {
    assert.deepEqual(loadConfig({}).ingest, { port: 8787, host: '0.0.0.0' });
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const config = loadConfig({ INGEST_PORT: '9000', INGEST_HOST: '127.0.0.1', INGEST_WEBHOOK_SECRET: secret, LINKEDIN_GATEWAY_WEBHOOK_SECRET: 'file:gateway.hook', X_CONSUMER_SECRET: 'env:X_SECRET' });
    assert.deepEqual(config.ingest, {
      port: 9000,
      host: '127.0.0.1',
      webhookSecret: { value: secret },
      linkedinGatewaySecret: { reference: 'file:gateway.hook' },
      xConsumerSecret: { reference: 'env:X_SECRET' },
    });
    assert.throws(() => loadConfig({ INGEST_PORT: '0' }), /^ConfigError: INGEST_PORT=0: expected a whole number from 1 to 65535$/);
    assert.throws(() => loadConfig({ INGEST_HOST: 'my host' }), /^ConfigError: INGEST_HOST=my host: expected a host name or an IP address/);
    assert.throws(() => loadConfig({ INGEST_WEBHOOK_SECRET: 'whsec_short' }), (error: Error) => {
      assert.equal(error.message, 'INGEST_WEBHOOK_SECRET: expected whsec_ followed by base64 (24 to 64 bytes), or a reference env:NAME / file:KEY (the value is not shown)');
      return true;
    });
    assert.throws(() => loadConfig({ X_CONSUMER_SECRET: 'env:no spaces' }), /^ConfigError: X_CONSUMER_SECRET: a reference must be env:NAME or file:KEY/);
    assert.throws(() => loadConfig({ INGEST_WEBHOOK_SECRET: '' }), /INGEST_WEBHOOK_SECRET is set but empty/);
  });

  it('reads the bounce settings (docs/bounces.md), defaults 3 soft bounces in 7 days and 5 % of the last 200 sends', () => {
    assert.deepEqual(loadConfig({}).bounces, { softBounceLimit: 3, softBouncePeriodMs: 7 * 86_400_000, maxHardBounceRate: 0.05, rateWindowSends: 200, rateMinSends: 50 });
    const set = loadConfig({ SOFT_BOUNCE_LIMIT: '5', SOFT_BOUNCE_PERIOD: '30d', BOUNCE_RATE_MAX_PERCENT: '2.5%', BOUNCE_RATE_WINDOW: '40', BOUNCE_RATE_MIN_SENDS: '40' }).bounces;
    assert.deepEqual(set, { softBounceLimit: 5, softBouncePeriodMs: 30 * 86_400_000, maxHardBounceRate: 0.025, rateWindowSends: 40, rateMinSends: 40 });
    assert.equal(loadConfig({ BOUNCE_RATE_WINDOW: '30' }).bounces.rateMinSends, 30, 'the default minimum never exceeds the window');
    assert.throws(() => loadConfig({ SOFT_BOUNCE_LIMIT: '1' }), /^ConfigError: SOFT_BOUNCE_LIMIT=1: expected a whole number from 2 to 100 \(one would suppress for a greylisting\)$/);
    assert.throws(() => loadConfig({ SOFT_BOUNCE_PERIOD: '10m' }), /^ConfigError: SOFT_BOUNCE_PERIOD=10m: must be from 1h to 365d$/);
    assert.throws(() => loadConfig({ BOUNCE_RATE_MAX_PERCENT: '80' }), /^ConfigError: BOUNCE_RATE_MAX_PERCENT=80: expected a percentage from 0.1 to 50, such as 5 or 2.5$/);
    assert.throws(() => loadConfig({ BOUNCE_RATE_WINDOW: '200', BOUNCE_RATE_MIN_SENDS: '500' }), /^ConfigError: BOUNCE_RATE_MIN_SENDS=500: expected a whole number from 1 to 200 \(at most BOUNCE_RATE_WINDOW\)$/);
  });
});
