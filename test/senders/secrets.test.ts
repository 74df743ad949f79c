import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { credentialSource } from '../../src/channels/credentials';
import { SenderAccountError } from '../../src/channels/errors';
import { checkProviderSettings } from '../../src/channels/providers';
import { findSenderAccount, upsertSenderAccount, type SenderAccount } from '../../src/db/senderAccounts';
import { readSendersFile, SendersFileError } from '../../src/senders/file';
import { secretShapeOf, secretWordIn } from '../../src/senders/secret-shapes';
import { runCli } from '../support/cli';
import { testDb, testDbUrl } from '../support/database';
import { uniqueName } from '../support/journeys';
import { tableFingerprints } from '../support/tables';

const dir = mkdtempSync(path.join(tmpdir(), 'outreach-secrets-'));

function file(name: string, text: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
}

function problemsOf(run: () => unknown): { line: number; path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof SendersFileError) return error.problems;
    throw error;
  }
  assert.fail('the file was accepted');
}

const HEX_KEY = `0x${'4f'.repeat(32)}`;
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLWhlcmU';
const BY_NAME = 'must name where the secret lives (env:NAME or file:KEY), never hold it';
const byShape = (what: string) => `looks like ${what}; write where the secret lives (env:NAME or file:KEY), never the secret`;

describe('secrets in a senders file', () => {
  it('knows a secret by the name it is stored under', () => {
    for (const name of ['password', 'pass', 'passwd', 'secret', 'token', 'apiKey', 'api_key', 'privateKey', 'walletKey', 'dbEncryptionKey', 'clientSecret', 'bearer', 'cookie', 'sessionId', 'x-auth-token', 'SMTP_PASSWORD', 'oauth2UserToken', 'auth']) {
      assert.notEqual(secretWordIn(name), undefined, name);
    }
    for (const name of ['address', 'fromName', 'defaultSubject', 'smtp', 'host', 'port', 'secure', 'requireTLS', 'folders', 'sentFolder', 'gatewayUrl', 'gatewayAccount', 'noteLimit', 'userId', 'env', 'dbPath', 'apiUrl', 'url', 'mailto', 'bypass']) {
      assert.equal(secretWordIn(name), undefined, name);
    }
  });

  it('knows a secret by its shape, whatever it is called', () => {
    const shapes: [string, string][] = [
      ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----', 'a PEM block (a private key or certificate)'],
      [HEX_KEY, 'a private key (64 or more hex digits)'],
      [JWT, 'a JSON Web Token'],
      ['Bearer 3f9a8b7c6d5e4f3a2b1c', 'a bearer token'],
      [`Basic ${Buffer.from('alice:hunter2').toString('base64')}`, 'HTTP Basic credentials'],
      ['https://alice:hunter2@gateway.example.com/v1', 'a URL with a password (user:password@)'],
      ['redis://:hunter2@cache:6379', 'a URL with a password (user:password@)'],
      ['https://gateway.example.com/v1?access_token=abc123', 'a URL with a secret in its query'],
      [`ghp_${'x1Y2'.repeat(9)}`, 'an API token'],
      ['AKIAIOSFODNN7EXAMPLE', 'an API token'],
      ['1234567890-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab', 'an API token'],
      ['kJ8s9dF2mQ7xL4pZ1vB6nT3wR5yH0cE9', 'a random token (long, mixed case and digits)'],
    ];
    for (const [value, what] of shapes) assert.equal(secretShapeOf(value), what, value);
    const ordinary = [
      'alice@outreach.example.com', 'https://li-gateway.internal/v1/accounts/aliceSmith2024', '/var/lib/outreach/xmtp', '[Gmail]/Sent Mail',
      'WelcomeToOurProductLaunch2024Edition', '0x5b0d4d5a4f3b0e8c2d1f6a7b8c9d0e1f2a3b4c5d', 'Basic Outreach Team', 'Bearer of good news',
      '3F2504E0-4F89-11D3-9A0C-0305E82C3301', 'https://outreach.example.com/unsubscribe',
    ];
    for (const value of ordinary) assert.equal(secretShapeOf(value), undefined, value);
  });

  it('refuses a literal secret anywhere in an account, naming the line and path, never the value', () => {
    const senders = file('literal.yaml', `accounts:
  - channel: email
    provider: smtp-imap
    handle: alice@example.com
    credentials: { user: env:ALICE_USER, password: hunter2-password }
    settings:
      address: alice@example.com
      smtp: { host: smtp.example.com, port: 465, secure: true }
      auth:
        pass: hunter2-in-settings
      tls: { privateKey: "-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----" }
  - channel: xmtp
    provider: xmtp
    handle: "0x1111111111111111111111111111111111111111"
    settings: { env: dev, note: "${HEX_KEY}" }
  - channel: linkedin
    provider: linkedin-gateway
    handle: ${JWT}
    settings: { gatewayUrl: "https://gw.example.com/?api_key=abc" }
  - channel: x
    provider: x-api
    handle: alice
    settings: { extra: { sessionCookie: 42 }, header: "Bearer abcdefghijklmnopqrstuvwxyz" }
`);
    let message = '';
    const problems = problemsOf(() => {
      try {
        readSendersFile(senders, checkProviderSettings);
      } catch (error) {
        message = (error as Error).message;
        throw error;
      }
    });
    assert.deepEqual(problems, [
      { line: 5, path: 'accounts[0].credentials.password', message: BY_NAME },
      { line: 10, path: 'accounts[0].settings.auth.pass', message: BY_NAME },
      { line: 11, path: 'accounts[0].settings.tls.privateKey', message: byShape('a PEM block (a private key or certificate)') },
      { line: 15, path: 'accounts[1].settings.note', message: byShape('a private key (64 or more hex digits)') },
      { line: 18, path: 'accounts[2].handle', message: byShape('a JSON Web Token') },
      { line: 19, path: 'accounts[2].settings.gatewayUrl', message: byShape('a URL with a secret in its query') },
      { line: 23, path: 'accounts[3].settings.extra.sessionCookie', message: BY_NAME },
      { line: 23, path: 'accounts[3].settings.header', message: byShape('a bearer token') },
    ]);
    assert.match(message, /^.*literal\.yaml is not a valid senders file; nothing was stored:\n {2}.*literal\.yaml:5: accounts\[0\]\.credentials\.password: /);
    for (const secret of ['hunter2', 'BEGIN PRIVATE', HEX_KEY, JWT, 'abcdefghijklmnopqrstuvwxyz', 'api_key=abc']) {
      assert.ok(!message.includes(secret), `the message repeats ${secret}`);
    }
  });

  it('refuses a key that is itself a secret, without repeating it', () => {
    const senders = file('key.yaml', `accounts:
  - channel: x
    provider: sandbox
    handle: alice
    credentials: { "${JWT}": env:X_TOKEN }
`);
    const error = (() => {
      try {
        readSendersFile(senders, checkProviderSettings);
      } catch (e) {
        return e as SendersFileError;
      }
      return assert.fail('accepted');
    })();
    assert.deepEqual(error.problems, [{ line: 5, path: 'accounts[0].credentials', message: 'has a key that looks like a JSON Web Token; keys are names, never secrets' }]);
    assert.ok(!error.message.includes(JWT));
  });

  it('takes a reference under a secret name; a provider that never reads that setting says where secrets go', () => {
    const sandbox = file('reference.yaml', `accounts:
  - { channel: email, provider: sandbox, handle: a@example.com, settings: { auth: { pass: env:SMTP_PASS } } }
`);
    assert.deepEqual(readSendersFile(sandbox, checkProviderSettings)[0]?.settings, { auth: { pass: 'env:SMTP_PASS' } });

    const real = file('unread.yaml', `accounts:
  - channel: email
    provider: smtp-imap
    handle: a@example.com
    settings:
      address: a@example.com
      smtp: { host: smtp.example.com, port: 465, secure: true, auth: { pass: env:SMTP_PASS } }
      imap: { host: imap.example.com, port: 993, secure: true, sentfolder: Sent }
`);
    assert.deepEqual(problemsOf(() => readSendersFile(real, checkProviderSettings)), [
      { line: 7, path: 'accounts[0].settings.smtp.auth', message: 'not a setting of provider smtp-imap (docs/channels/email.md); secrets go under credentials, as env:NAME or file:KEY' },
      { line: 8, path: 'accounts[0].settings.imap.sentfolder', message: 'not a setting of provider smtp-imap (docs/channels/email.md)' },
    ]);
  });

  it('accepts every provider\'s documented settings and references', () => {
    const senders = file('documented.yaml', `accounts:
  - channel: x
    provider: x-api
    handle: alice_outreach
    credentials: { appKey: env:X_APP_KEY, appSecret: env:X_APP_SECRET, accessToken: file:x-alice-access-token, accessSecret: file:x-alice-access-secret }
    settings: { userId: "1234567890" }
  - channel: email
    provider: smtp-imap
    handle: alice@outreach.example.com
    credentials: { user: file:alice-user, password: file:alice-app-password, unsubscribeSecret: file:unsubscribe }
    settings:
      address: alice@outreach.example.com
      fromName: Alice from Outreach
      defaultSubject: Quick question
      smtp: { host: smtp.gmail.com, port: 465, secure: true }
      imap: { host: imap.gmail.com, port: 993, secure: true, sentFolder: "[Gmail]/Sent Mail", folders: [INBOX] }
      unsubscribe: { url: "https://outreach.example.com/unsubscribe", mailto: unsubscribe@outreach.example.com }
  - channel: linkedin
    provider: linkedin-gateway
    handle: alice-li
    credentials: { apiKey: env:LI_GATEWAY_KEY }
    settings: { gatewayUrl: "https://li-gateway.internal", gatewayAccount: alice, noteLimit: 200 }
  - channel: xmtp
    provider: xmtp
    handle: "0x5b0d4d5a4f3b0e8c2d1f6a7b8c9d0e1f2a3b4c5d"
    credentials: { walletKey: file:xmtp-alice-wallet, dbEncryptionKey: file:xmtp-alice-db }
    settings: { env: production, dbPath: /var/lib/outreach/xmtp, apiUrl: "https://grpc.production.xmtp.network:443" }
`);
    assert.equal(readSendersFile(senders, checkProviderSettings).length, 4);
  });

  it('upsertSenderAccount refuses a literal secret from code too, and stores nothing', async () => {
    const db = await testDb();
    const handle = uniqueName('literal');
    await assert.rejects(
      upsertSenderAccount(db, {
        channel: 'email',
        provider: 'smtp-imap',
        handle,
        hourlyCap: 10,
        dailyCap: 100,
        credentialsRef: { password: 'hunter2' },
        settings: { smtp: { auth: { pass: 'hunter2' } } },
      }),
      {
        name: 'InvalidSenderAccountError',
        message: `sender account email:${handle} is refused: credentials.password: ${BY_NAME}; settings.smtp.auth.pass: ${BY_NAME}`,
      },
    );
    assert.equal(await findSenderAccount(db, 'email', handle), undefined);
  });

  it('sender apply with a secret stores nothing and prints no secret', async () => {
    const db = await testDb();
    const env = { DATABASE_URL: await testDbUrl() };
    const senders = file('apply.yaml', `accounts:
  - { channel: x, provider: sandbox, handle: ${uniqueName('ok')} }
  - { channel: x, provider: sandbox, handle: ${uniqueName('bad')}, settings: { auth: { pass: hunter2-apply } } }
`);
    const before = await tableFingerprints(db);
    const result = await runCli(['sender', 'apply', senders], env);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `outreach: ${senders} is not a valid senders file; nothing was stored:\n  ${senders}:3: accounts[1].settings.auth.pass: ${BY_NAME}\n`,
    );
    assert.ok(!result.stderr.includes('hunter2') && !result.stdout.includes('hunter2'));
    assert.deepEqual(await tableFingerprints(db), before);
  });
});

describe('the secrets file behind file: references', () => {
  const account: SenderAccount = {
    id: '1', channel: 'x', provider: 'x-api', handle: 'alice', hourlyCap: 10, dailyCap: 100,
    credentialsRef: { accessToken: 'file:alice-token' }, settings: {}, status: 'active', statusReason: null, statusChangedAt: null, createdAt: new Date(0),
  };

  it('is read with a bound: a device or an oversized file stops the account with a reason, not the worker', async () => {
    await assert.rejects(credentialSource({ OUTREACH_SECRETS_FILE: '/dev/zero' }).credentialsFor(account), (error: Error) => {
      assert.ok(error instanceof SenderAccountError);
      assert.equal(error.message, 'sender account x:alice: cannot read OUTREACH_SECRETS_FILE=/dev/zero: not a regular file (a character device); a secrets file must be one');
      return true;
    });
    const big = file('big-secrets.json', `{"alice-token": "${'x'.repeat(1024 * 1024)}"}`);
    await assert.rejects(credentialSource({ OUTREACH_SECRETS_FILE: big }).credentialsFor(account), {
      message: `sender account x:alice: cannot read OUTREACH_SECRETS_FILE=${big}: is 1,048,595 bytes, over the limit of 1,048,576 bytes for a secrets file`,
    });
    const ok = file('secrets.json', JSON.stringify({ 'alice-token': 'tok-123' }));
    assert.deepEqual(await credentialSource({ OUTREACH_SECRETS_FILE: ok }).credentialsFor(account), { accessToken: 'tok-123' });
  });
});
