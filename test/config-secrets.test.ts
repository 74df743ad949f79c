import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveSecret } from '../src/config-secrets';

describe('the ingest secrets', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ingest-secrets-'));
  const file = path.join(dir, 'secrets.json');
  writeFileSync(file, JSON.stringify({ 'gateway.hook': 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0', other: 42 }));

  it('takes the value as written, or reads it from the environment or the secrets file', () => {
    assert.equal(resolveSecret('X_CONSUMER_SECRET', { value: 'abc' }, {}), 'abc');
    assert.equal(resolveSecret('X_CONSUMER_SECRET', { reference: 'env:X_SECRET' }, { X_SECRET: 'from-env' }), 'from-env');
    const fromFile = resolveSecret('LINKEDIN_GATEWAY_WEBHOOK_SECRET', { reference: 'file:gateway.hook' }, { OUTREACH_SECRETS_FILE: file });
    assert.equal(fromFile, 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0');
  });

  it('names the setting and the reference when it resolves to nothing, never a value', () => {
    assert.throws(() => resolveSecret('X_CONSUMER_SECRET', { reference: 'file:gateway.hook' }, {}), /^ConfigError: X_CONSUMER_SECRET=file:gateway\.hook: OUTREACH_SECRETS_FILE is not set$/);
    assert.throws(
      () => resolveSecret('X_CONSUMER_SECRET', { reference: 'file:other' }, { OUTREACH_SECRETS_FILE: file }),
      /^ConfigError: X_CONSUMER_SECRET=file:other: the secrets file holds no string under "other"$/,
    );
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{"gateway.hook": "whsec_do-not-show-me"');
    assert.throws(
      () => resolveSecret('X_CONSUMER_SECRET', { reference: 'file:gateway.hook' }, { OUTREACH_SECRETS_FILE: broken }),
      (error: Error) => error.message.endsWith('not valid JSON') && !error.message.includes('do-not-show-me'),
    );
  });
});
