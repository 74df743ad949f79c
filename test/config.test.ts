import assert from 'node:assert/strict';
import { loadConfig, parseTick } from '../src/config';

describe('configuration', () => {
  it('defaults to a 6-hour tick and the local Temporal server', () => {
    const config = loadConfig({});
    assert.equal(config.tickMs, 6 * 3_600_000);
    assert.equal(config.temporal.address, 'localhost:7233');
    assert.equal(config.temporal.taskQueue, 'outreach-journeys');
    assert.equal(config.temporal.tls, false);
  });

  it('accepts ticks that divide a day, and second-long ticks for demos', () => {
    for (const [text, ms] of [['1h', 3_600_000], ['8h', 28_800_000], ['24h', 86_400_000], ['1s', 1000], ['30s', 30_000]] as const) {
      assert.equal(parseTick(text), ms);
    }
  });

  it('rejects a tick that does not divide a day, naming the variable', () => {
    assert.throws(() => parseTick('5h'), /JOURNEY_TICK=5h: .*must divide 24h/);
    assert.throws(() => parseTick('soon'), /JOURNEY_TICK=soon/);
    assert.throws(() => parseTick('10ms'), /at least 1s/);
  });

  it('names every bad variable at once', () => {
    assert.throws(
      () => loadConfig({ WORKER_MAX_CONCURRENT_ACTIVITIES: 'many', TEMPORAL_TLS: 'yes' }),
      (error: Error) => /WORKER_MAX_CONCURRENT_ACTIVITIES/.test(error.message) && /TEMPORAL_TLS/.test(error.message),
    );
  });

  it('turns TLS on with an API key, and wants both halves of a client certificate', () => {
    assert.equal(loadConfig({ TEMPORAL_API_KEY: 'k' }).temporal.tls, true);
    assert.throws(() => loadConfig({ TEMPORAL_TLS_CERT_PATH: 'c.pem' }), /TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH/);
  });

  it('runs real providers only, unless OUTREACH_SANDBOX asks for the sandbox accounts; provider URLs must be http(s)', () => {
    assert.deepEqual(loadConfig({}).providers, { sandbox: false });
    const config = loadConfig({ OUTREACH_SANDBOX: 'true', X_API_ROOT: 'http://127.0.0.1:9000', LINKEDIN_GATEWAY_URL: 'https://gw.internal' });
    assert.deepEqual(config.providers, { sandbox: true, xApiRoot: 'http://127.0.0.1:9000', linkedinGatewayUrl: 'https://gw.internal' });
    assert.throws(() => loadConfig({ X_API_ROOT: 'ftp://x' }), /X_API_ROOT/);
  });
});
