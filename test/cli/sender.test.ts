import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { reportEventSource } from '../../src/db/event-sources';
import { findSenderAccount, upsertSenderAccount } from '../../src/db/senderAccounts';
import { runCli } from '../support/cli';
import { testDb, testDbUrl } from '../support/database';
import { uniqueName } from '../support/journeys';

const dir = mkdtempSync(path.join(tmpdir(), 'outreach-senders-'));

function file(name: string, text: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
}

describe('outreach sender', function () {
  this.timeout(60_000);
  let env: Record<string, string>;
  before(async () => {
    env = { DATABASE_URL: await testDbUrl() };
  });

  it('applies a senders file, keeps secrets out of the database, and never resumes a stopped account on re-apply', async () => {
    const db = await testDb();
    const handle = uniqueName('alice');
    const senders = file('senders.yaml', `accounts:
  - channel: x
    provider: sandbox
    handle: ${handle}
    credentials:
      accessToken: env:X_ALICE_TOKEN
  - channel: email
    provider: sandbox
    handle: ${handle}@example.test
    daily_cap: 400
    credentials:
      password: file:smtp-alice
    settings: { address: ${handle}@example.test }
`);
    const applied = await runCli(['sender', 'apply', senders], env);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, new RegExp(`created x:${handle} \\(sandbox\\)`));
    const x = await findSenderAccount(db, 'x', handle);
    assert.deepEqual(x?.credentialsRef, { accessToken: 'env:X_ALICE_TOKEN' });
    assert.deepEqual([x?.hourlyCap, x?.dailyCap], [20, 300], 'caps default by channel');
    assert.equal((await findSenderAccount(db, 'email', `${handle}@example.test`))?.dailyCap, 400);

    const paused = await runCli(['sender', 'pause', `x:${handle}`, '--reason', 'warming up'], env);
    assert.equal(paused.code, 0, paused.stderr);
    assert.match((await runCli(['sender', 'apply', senders], env)).stdout, /updated x:/);
    assert.equal((await findSenderAccount(db, 'x', handle))?.status, 'paused');

    const list = await runCli(['sender', 'list', '--json'], env);
    const mine = (JSON.parse(list.stdout) as { account: string; status: string; reason: string }[]).find((a) => a.account === `x:${handle}`);
    assert.deepEqual([mine?.status, mine?.reason], ['paused', 'warming up']);
    assert.equal((await runCli(['sender', 'resume', `x:${handle}`], env)).code, 0);
    assert.equal((await findSenderAccount(db, 'x', handle))?.status, 'active');
  });

  it('checks that credentials resolve without printing them', async () => {
    const handle = uniqueName('bob');
    const secrets = file('secrets.json', JSON.stringify({ 'bob-secret': 's3cr3t-from-file' }));
    const senders = file('check.yaml', `accounts:
  - { channel: x, provider: sandbox, handle: ${handle}, credentials: { token: env:BOB_TOKEN, secret: file:bob-secret } }
`);
    assert.equal((await runCli(['sender', 'apply', senders], env)).code, 0);
    const missing = await runCli(['sender', 'check', `x:${handle}`], { ...env, OUTREACH_SECRETS_FILE: secrets });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /credential "token" names env:BOB_TOKEN, which is not set/);
    const ok = await runCli(['sender', 'check', `x:${handle}`], { ...env, OUTREACH_SECRETS_FILE: secrets, BOB_TOKEN: 'tok-123' });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /2 credential\(s\) resolve: token, secret/);
    assert.ok(!ok.stdout.includes('s3cr3t') && !ok.stdout.includes('tok-123'));
  });

  it('rejects a file with a literal secret, a bad channel or a duplicate, naming line and field, and stores nothing', async () => {
    const handle = uniqueName('carol');
    const bad = file('bad.yaml', `accounts:
  - channel: x
    provider: sandbox
    handle: ${handle}
    credentials:
      accessToken: AAAA-literal-token
  - channel: fax
    provider: sandbox
    handle: other
  - channel: x
    provider: sandbox
    handle: ${handle.toUpperCase()}
  - channel: email
    provider: no-such-provider
    handle: dave@example.test
`);
    const result = await runCli(['sender', 'apply', bad], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /bad\.yaml:6: accounts\[0\]\.credentials\.accessToken: must name where the secret lives/);
    assert.match(result.stderr, /bad\.yaml:7: accounts\[1\]\.channel: /);
    assert.ok(!result.stderr.includes('AAAA-literal-token'), 'the rejected secret is not echoed');
    assert.equal(await findSenderAccount(await testDb(), 'x', handle), undefined);

    const shapeOk = bad.replace('bad.yaml', 'dup.yaml');
    writeFileSync(shapeOk, `accounts:
  - { channel: x, provider: sandbox, handle: ${handle} }
  - { channel: x, provider: sandbox, handle: ${handle.toUpperCase()} }
  - { channel: email, provider: no-such-provider, handle: dave@example.test }
`);
    const dup = await runCli(['sender', 'apply', shapeOk], env);
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /dup\.yaml:3: accounts\[1\]\.handle: x:.* is already accounts\[0\]/);
    assert.match(dup.stderr, /dup\.yaml:4: accounts\[2\]\.provider: unknown provider "no-such-provider"/);
    assert.equal(await findSenderAccount(await testDb(), 'x', handle), undefined);
  });

  it('checks each provider\'s settings before storing anything', async () => {
    const handle = uniqueName('erin');
    const senders = file('providers.yaml', `accounts:
  - channel: email
    provider: smtp-imap
    handle: ${handle}@example.test
    settings:
      smtp: { host: smtp.example.test, port: 465, secure: true }
  - channel: x
    provider: xmtp
    handle: ${handle}
`);
    const result = await runCli(['sender', 'apply', senders], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /providers\.yaml:6: accounts\[0\]\.settings: .*address/);
    assert.match(result.stderr, /providers\.yaml:8: accounts\[1\]\.provider: provider "xmtp" sends on xmtp, not x/);
    assert.equal(await findSenderAccount(await testDb(), 'email', `${handle}@example.test`), undefined);
  });

  it('stores only references, and neither list nor check ever prints a secret', async () => {
    const handle = uniqueName('frank');
    const secrets = { FRANK_USER: 'frank-login-0x1f', FRANK_PASSWORD: 'frank-pw-correct-horse' };
    const senders = file('frank.yaml', `accounts:
  - channel: email
    provider: smtp-imap
    handle: ${handle}@example.test
    credentials: { user: env:FRANK_USER, password: env:FRANK_PASSWORD }
    settings:
      address: ${handle}@example.test
      smtp: { host: smtp.example.test, port: 465, secure: true }
`);
    const applied = await runCli(['sender', 'apply', senders], env);
    assert.equal(applied.code, 0, applied.stderr);
    const stored = await (await testDb())('sender_accounts').where({ channel: 'email', handle: `${handle}@example.test` }).first();
    assert.deepEqual(stored?.credentials_ref, { user: 'env:FRANK_USER', password: 'env:FRANK_PASSWORD' });
    const outputs = await Promise.all([
      runCli(['sender', 'list'], { ...env, ...secrets }),
      runCli(['sender', 'list', '--json'], { ...env, ...secrets }),
      runCli(['sender', 'check', `email:${handle}@example.test`], { ...env, ...secrets }),
    ]);
    for (const out of outputs) {
      assert.equal(out.code, 0, out.stderr);
      for (const value of Object.values(secrets)) assert.ok(!`${out.stdout}${out.stderr}`.includes(value), `printed ${value}`);
    }
    const mine = (JSON.parse(outputs[1]!.stdout) as Record<string, unknown>[]).find((a) => a.account === `email:${handle}@example.test`);
    assert.deepEqual(Object.keys(mine ?? {}).sort(), ['account', 'dailyCap', 'hourlyCap', 'listeners', 'provider', 'reason', 'sentLast24h', 'since', 'status', 'webhooks']);
    assert.match(outputs[2]!.stdout, /2 credential\(s\) resolve: user, password/);
  });

  it('shows what hears each account: connected with its last event, disconnected with its error, or none', async () => {
    const db = await testDb();
    const [imap, xmtp, quiet] = [uniqueName('imap'), uniqueName('xmtp'), uniqueName('quiet')];
    const ids = await Promise.all(
      [imap, xmtp, quiet].map((handle) => upsertSenderAccount(db, { channel: 'email', provider: 'sandbox', handle: `${handle}@example.test`, hourlyCap: 10, dailyCap: 100 })),
    );
    const lastEventAt = new Date('2026-12-02T09:59:00.000Z');
    await reportEventSource(db, { senderAccountId: ids[0]!, kind: 'imap-idle', state: 'connected', lastEventAt });
    await reportEventSource(db, { senderAccountId: ids[1]!, kind: 'xmtp-stream', state: 'disconnected', lastError: 'XMTP stream open failed (status UNAVAILABLE)' });

    const text = await runCli(['sender', 'list'], env);
    assert.equal(text.code, 0, text.stderr);
    const after = (handle: string) => {
      const lines = text.stdout.split('\n');
      return lines[lines.findIndex((l) => l.startsWith(`email:${handle}@example.test`)) + 1]?.trim();
    };
    assert.equal(after(imap), 'listener: imap-idle connected, last event 2026-12-02T09:59:00.000Z');
    assert.equal(after(xmtp), 'listener: xmtp-stream disconnected (XMTP stream open failed (status UNAVAILABLE)), last event never');
    assert.equal(after(quiet), 'listener: none');

    const json = await runCli(['sender', 'list', '--json'], env);
    const rows = JSON.parse(json.stdout) as { account: string; listeners: { kind: string; state: string; live: boolean; lastEventAt: string | null }[] }[];
    const mine = rows.find((r) => r.account === `email:${imap}@example.test`);
    assert.deepEqual(mine?.listeners.map((l) => [l.kind, l.state, l.live, l.lastEventAt]), [['imap-idle', 'connected', true, lastEventAt.toISOString()]]);
  });
});
