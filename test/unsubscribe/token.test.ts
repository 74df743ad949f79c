import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { MAX_TOKEN_CHARS, makeUnsubscribeToken, readUnsubscribeToken, unsubscribeSigningKey } from '../../src/unsubscribe/token';

describe('unsubscribe tokens', () => {
  const key = unsubscribeSigningKey(randomBytes(32));
  const claims = { personId: '9223372036854775807', senderAccountId: '12', sequenceVersionId: '345' };

  it('name the person, sender account and sequence version, and read back under the same key', () => {
    const token = makeUnsubscribeToken(key, claims);
    assert.deepEqual(readUnsubscribeToken(key, token), claims);
    assert.match(token, /^u1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{27}$/);
    assert.ok(token.length < 100, `${token.length} characters`);
    assert.ok(token.length <= MAX_TOKEN_CHARS);
  });

  it('are refused under another key, altered in any character, or with the ids of someone else', () => {
    const token = makeUnsubscribeToken(key, claims);
    assert.equal(readUnsubscribeToken(unsubscribeSigningKey(randomBytes(32)), token), undefined);
    for (let i = 0; i < token.length; i++) {
      const swapped = token[i] === 'A' ? 'B' : 'A';
      const altered = `${token.slice(0, i)}${swapped}${token.slice(i + 1)}`;
      assert.equal(readUnsubscribeToken(key, altered), undefined, `character ${i} altered`);
    }
    const [version, , signature] = token.split('.');
    const otherPerson = Buffer.from(`1.${claims.senderAccountId}.${claims.sequenceVersionId}`).toString('base64url');
    assert.equal(readUnsubscribeToken(key, `${version}.${otherPerson}.${signature}`), undefined);
  });

  it('are refused when they are not of the format, or longer than the bound, without reading further', () => {
    for (const bad of ['', 'u1', 'u1..', 'u2.abc.def', `${makeUnsubscribeToken(key, claims)}.extra`, '42.abcdefabcdefabcdefabcdefabcdefab', 'x'.repeat(MAX_TOKEN_CHARS + 1)]) {
      assert.equal(readUnsubscribeToken(key, bad), undefined, bad.slice(0, 40));
    }
  });

  it('hold ids only: no address or name can be read from them', () => {
    const token = makeUnsubscribeToken(key, claims);
    const payload = Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8');
    assert.equal(payload, `${claims.personId}.${claims.senderAccountId}.${claims.sequenceVersionId}`);
  });
});
