import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { upsertLeads } from '../../src/client/leads-file';
import { upsertSenderAccount } from '../../src/db/senderAccounts';
import { listSuppressions } from '../../src/db/suppressions';
import { suppressedAmong, suppressionOf } from '../../src/suppression/check';
import { identifierHash, parseIdentifier } from '../../src/suppression/identifier';
import { suppressionKey } from '../../src/suppression/key';
import { suppress, unsuppress, type SuppressionRequest } from '../../src/suppression/suppress';
import { isolatedDb } from '../support/database';
import { uniqueEthereumAddress, uniqueName, uniqueXHandle } from '../support/journeys';

describe('the suppression list', () => {
  let db: Knex;
  let key: Buffer;
  beforeEach(async () => {
    db = await isolatedDb();
    key = await suppressionKey(db, {});
  });

  const person = async (fields: Record<string, unknown>) => (await upsertLeads(db, [{ first_name: 'Ada', ...fields }]))[0] as string;
  const global = (text: string, extra: Partial<SuppressionRequest> = {}): SuppressionRequest => ({
    identifier: parseIdentifier(text),
    scope: { scope: 'global' },
    reason: 'manual',
    source: 'test',
    ...extra,
  });

  it('covers every identifier of the person, on every channel, and holds no readable identifier', async () => {
    const email = `${uniqueName('ada')}@example.test`;
    const handle = uniqueXHandle();
    const wallet = uniqueEthereumAddress();
    const ada = await person({ email, x_handle: handle, crypto: { chain: 'ethereum', address: wallet } });
    const outcome = await suppress({ db, key }, [global(`wallet:${wallet.toUpperCase().replace('0X', '0x')}`)]);
    assert.deepEqual([outcome.added.length, outcome.persons, outcome.ending], [1, [ada], [ada]]);
    for (const channel of ['x', 'email', 'linkedin', 'xmtp'] as const) {
      assert.equal((await suppressionOf(db, key, ada, { channel }))?.reason, 'manual', channel);
    }
    const rows = JSON.stringify(await db('suppressions').select('*')) + JSON.stringify(await db('suppression_changes').select('*'));
    for (const value of [email, handle, wallet, wallet.toLowerCase()]) assert.ok(!rows.includes(value), `no ${value} in the list`);
  });

  it('covers identifiers linked to the person after it, and persons merged into them', async () => {
    const email = `${uniqueName('ada')}@example.test`;
    const ada = await person({ email });
    const handle = uniqueXHandle();
    const other = await person({ x_handle: handle });
    await suppress({ db, key }, [global(email)]);
    assert.equal(await suppressionOf(db, key, other), undefined, 'not yet one person');
    // A later import says the handle and the email are one person: the graph merges them.
    await upsertLeads(db, [{ email, x_handle: handle }]);
    assert.equal((await suppressionOf(db, key, other))?.reason, 'manual', 'the merged person is suppressed');
    assert.equal((await suppressionOf(db, key, ada))?.reason, 'manual');
    const linkedLater = uniqueEthereumAddress();
    await upsertLeads(db, [{ email, crypto: { chain: 'ethereum', address: linkedLater } }]);
    assert.equal((await suppressedAmong(db, key, [ada, other])).size, 2);
  });

  it('scopes: a channel or sender suppression keeps only that channel or account from the person', async () => {
    const email = `${uniqueName('ada')}@example.test`;
    const ada = await person({ email, x_handle: uniqueXHandle() });
    const account = await upsertSenderAccount(db, { channel: 'email', provider: 'sandbox', handle: 'a@example.test', hourlyCap: 10, dailyCap: 100 });
    const otherAccount = await upsertSenderAccount(db, { channel: 'email', provider: 'sandbox', handle: 'b@example.test', hourlyCap: 10, dailyCap: 100 });
    const bySender = await suppress({ db, key }, [global(email, { scope: { scope: 'sender', senderAccountId: account } })]);
    assert.deepEqual(bySender.ending, [], 'journeys go on: only that account is kept from them');
    assert.equal((await suppressionOf(db, key, ada, { channel: 'email', senderAccountId: account }))?.scope.scope, 'sender');
    assert.equal(await suppressionOf(db, key, ada, { channel: 'email', senderAccountId: otherAccount }), undefined);
    await suppress({ db, key }, [global(email, { scope: { scope: 'channel', channel: 'email' } })]);
    assert.equal((await suppressionOf(db, key, ada, { channel: 'email', senderAccountId: otherAccount }))?.scope.scope, 'channel');
    assert.equal(await suppressionOf(db, key, ada, { channel: 'x' }), undefined, 'X may still reach them');
    assert.equal((await suppressedAmong(db, key, [ada])).size, 0, 'enrollment skips global suppressions only');
  });

  it('adds a suppression once, lifts it with a record, and lets an expired one go', async () => {
    const email = `${uniqueName('ada')}@example.test`;
    const ada = await person({ email });
    await suppress({ db, key }, [global(email)]);
    assert.equal((await suppress({ db, key }, [global(email.toUpperCase())])).added.length, 0, 'already in force');
    const lifted = await unsuppress({ db, key }, [parseIdentifier(email)], 'test');
    assert.equal(lifted.length, 1);
    assert.equal(await suppressionOf(db, key, ada), undefined);
    const changes = await db('suppression_changes').orderBy('id').pluck('change');
    assert.deepEqual(changes, ['added', 'removed']);
    await assert.rejects(db('suppression_changes').del(), /suppression_changes rows are immutable: DELETE rejected/, 'its history cannot be rewritten');
    await suppress({ db, key }, [global(email, { expiresAt: new Date(Date.now() + 60_000) })]);
    assert.ok(await suppressionOf(db, key, ada));
    await db('suppressions').whereNull('removed_at').update({ expires_at: new Date(Date.now() - 1000) });
    assert.equal(await suppressionOf(db, key, ada), undefined, 'expired');
    assert.equal((await listSuppressions(db, { removed: true })).length, 2);
  });

  it('refuses a key other than the one the list was written under, and reads the generated one without a secret', async () => {
    const email = `${uniqueName('ada')}@example.test`;
    await suppress({ db, key }, [global(email)]);
    assert.deepEqual(await suppressionKey(db, {}), key, 'the generated key, read back');
    await assert.rejects(suppressionKey(db, { SUPPRESSION_SECRET: 'another-secret-of-some-length' }), (error: Error) => {
      assert.match(error.message, /^SUPPRESSION_SECRET: fingerprint \S+, but the suppression list was written under fingerprint \S+; with another key nobody on it would match/);
      assert.ok(!error.message.includes('another-secret'));
      return true;
    });
    const fresh = await isolatedDb();
    const configured = await suppressionKey(fresh, { SUPPRESSION_SECRET: 'env:MY_KEY', MY_KEY: 'a-configured-secret-0123456789' });
    assert.equal(identifierHash(configured, parseIdentifier(email)), identifierHash(Buffer.from('a-configured-secret-0123456789'), parseIdentifier(email)));
    assert.equal((await fresh('suppression_key').first())?.generated_key, null, 'a configured key is never stored');
    await assert.rejects(suppressionKey(fresh, {}), /SUPPRESSION_SECRET is not set, but the suppression list was written under one/);
    await assert.rejects(suppressionKey(fresh, { SUPPRESSION_SECRET: 'short' }), /SUPPRESSION_SECRET: expected 16 to 512 printable characters/);
  });

  it('reads identifiers as people write them, and refuses the ones that are none', () => {
    assert.deepEqual(parseIdentifier(' Ada@Example.COM '), { kind: 'email', value: 'ada@example.com' });
    assert.deepEqual(parseIdentifier('@Ada_L'), { kind: 'x_handle', value: 'ada_l' });
    assert.deepEqual(parseIdentifier('x:https://x.com/Ada_L'), { kind: 'x_handle', value: 'ada_l' });
    assert.deepEqual(parseIdentifier('x_id:12345'), { kind: 'x_user_id', value: '12345' });
    assert.deepEqual(parseIdentifier('https://uk.linkedin.com/in/Ada-L/'), { kind: 'linkedin', value: 'https://www.linkedin.com/in/ada-l' });
    assert.deepEqual(parseIdentifier(`0x${'AB'.repeat(20)}`), { kind: 'crypto', value: `0x${'ab'.repeat(20)}` });
    assert.throws(() => parseIdentifier('email:not-an-email'), /invalid email "not-an-email"/);
    assert.throws(() => parseIdentifier(''), /an identifier is empty/);
  });
});
