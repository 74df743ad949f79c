import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROVIDER_EVENT_TYPES } from '../../src/ingest/provider-event';
import { GENERIC_WEBHOOK_BODY } from '../../src/ingest/webhook-schema';

describe('provider event types', () => {
  const doc = readFileSync(path.resolve(__dirname, '../../docs/events.md'), 'utf8');

  it('each has its shape documented in docs/events.md', () => {
    const missing = PROVIDER_EVENT_TYPES.filter((type) => !doc.includes(`### \`${type}\``));
    assert.deepEqual(missing, []);
  });

  it('the generic webhook takes every one but the gateway-only disconnect and the IMAP-only unsubscribe request', () => {
    const notByWebhook: string[] = ['linkedin.account.disconnected', 'email.unsubscribe.requested'];
    assert.deepEqual(GENERIC_WEBHOOK_BODY.properties.type.enum, PROVIDER_EVENT_TYPES.filter((t) => !notByWebhook.includes(t)));
  });
});
