import assert from 'node:assert/strict';
import {
  canonicalLinkedinUrl,
  InvalidValue,
  normalizeChain,
  normalizeCryptoAddress,
  normalizeEmail,
  normalizeHandle,
  normalizeXUserId,
  parseTags,
} from '../../src/identity/normalize';

describe('identifier normalisation', () => {
  it('lower-cases emails and refuses malformed ones', () => {
    assert.equal(normalizeEmail('  Ada.L@Example.COM '), 'ada.l@example.com');
    for (const bad of ['ada', 'ada@', '@example.com', 'ada@example', 'a b@example.com']) {
      assert.throws(() => normalizeEmail(bad), InvalidValue, bad);
    }
  });

  it('takes X handles with or without @, or as a profile URL', () => {
    for (const raw of ['Ada_L', '@Ada_L', ' @ada_l ', 'https://x.com/Ada_L', 'twitter.com/ada_l?s=20']) {
      assert.equal(normalizeHandle(raw), 'ada_l', raw);
    }
    assert.throws(() => normalizeHandle('ada lovelace'), /invalid X handle/);
    assert.throws(() => normalizeHandle('@this_handle_is_too_long'), /invalid X handle/);
  });

  it('accepts numeric X user ids only', () => {
    assert.equal(normalizeXUserId(' 12345 '), '12345');
    assert.throws(() => normalizeXUserId('12a'), /invalid X user id/);
  });

  it('defaults the chain to ethereum and resolves chain aliases', () => {
    assert.equal(normalizeChain(undefined), 'ethereum');
    assert.equal(normalizeChain(''), 'ethereum');
    assert.equal(normalizeChain('ETH'), 'ethereum');
    assert.equal(normalizeChain('sol'), 'solana');
    assert.equal(normalizeChain('Starknet'), 'starknet');
    assert.throws(() => normalizeChain('not a chain'), /invalid crypto chain/);
  });

  it('checks EVM addresses strictly and stores them lower-case', () => {
    const mixed = '0xAbCdEf0123456789aBcDeF0123456789AbCdEf01';
    assert.equal(normalizeCryptoAddress('ethereum', mixed), mixed.toLowerCase());
    assert.equal(normalizeCryptoAddress('base', mixed), mixed.toLowerCase());
    assert.throws(() => normalizeCryptoAddress('ethereum', '0x123'), /invalid ethereum address/);
    assert.throws(() => normalizeCryptoAddress('polygon', 'AbCdEf0123456789aBcDeF0123456789AbCdEf0123'), /0x \+ 40 hex/);
  });

  it('checks Solana and Bitcoin by alphabet and takes other chains as written', () => {
    assert.equal(normalizeCryptoAddress('solana', '7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV'), '7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV');
    assert.throws(() => normalizeCryptoAddress('solana', '0OIl0OIl0OIl0OIl0OIl0OIl0OIl0OIl'), /invalid solana address/);
    assert.equal(normalizeCryptoAddress('bitcoin', 'BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ'), 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq');
    assert.equal(normalizeCryptoAddress('starknet', 'Any-Format_123'), 'Any-Format_123');
    assert.throws(() => normalizeCryptoAddress('starknet', 'has space'), /no spaces/);
  });

  it('canonicalises LinkedIn profile URLs to one form', () => {
    const canonical = 'https://www.linkedin.com/in/ada-lovelace';
    for (const raw of [
      'https://www.linkedin.com/in/Ada-Lovelace/',
      'http://linkedin.com/in/ada-lovelace?trk=profile',
      'linkedin.com/in/ada-lovelace#about',
      'https://uk.linkedin.com/in/ada-lovelace/details/experience',
      'ada-lovelace',
    ]) {
      assert.equal(canonicalLinkedinUrl(raw), canonical, raw);
    }
    assert.equal(canonicalLinkedinUrl('linkedin.com/in/jos%C3%A9'), canonicalLinkedinUrl('https://www.linkedin.com/in/José'));
    assert.throws(() => canonicalLinkedinUrl('https://example.com/in/ada'), /not linkedin.com/);
    assert.throws(() => canonicalLinkedinUrl('https://www.linkedin.com/company/acme'), /expected linkedin.com\/in\/NAME/);
  });

  it('splits tags on semicolons, trimmed, lower-cased and once each', () => {
    assert.deepEqual(parseTags(' VIP; early ;;vip; Early Access '), ['vip', 'early', 'early access']);
    assert.deepEqual(parseTags(''), []);
  });
});
