import assert from 'node:assert/strict';
import { mapColumns, UnusableFileError } from '../../src/identity/columns';
import { readRow } from '../../src/identity/row';

describe('CSV header and rows', () => {
  it('maps header aliases case-insensitively; other columns become variables', () => {
    const map = mapColumns(['First Name', 'Twitter', 'E-mail', 'Wallet', 'Chain', 'LinkedIn', 'Company Name', 'tags']);
    assert.deepEqual(map.standard, { first_name: 0, x_handle: 1, email: 2, crypto_address: 3, crypto_chain: 4, linkedin_url: 5, tags: 7 });
    assert.deepEqual(map.variables, [{ name: 'company_name', index: 6 }]);
  });

  it('refuses a header without an identifier column, with a blank name, or with two columns for one field', () => {
    assert.throws(() => mapColumns(['first_name', 'company']), UnusableFileError);
    assert.throws(() => mapColumns(['email', '']), /column 2 has no name/);
    assert.throws(() => mapColumns(['email', 'E-Mail']), /columns 1 \("email"\) and 2 \("E-Mail"\) both mean email/);
  });

  it('normalises a row into identifiers, names, tags and variables', () => {
    const map = mapColumns(['x_user_id', 'x_handle', 'email', 'crypto_address', 'linkedin_url', 'full_name', 'tags', 'company', 'notes']);
    const row = readRow(['42', '@Ada', 'ADA@example.com', '0x00000000000000000000000000000000000000AA', 'linkedin.com/in/ada', 'Ada King Lovelace', 'vip;x', 'Engines', ''], 7, map);
    assert.deepEqual(row, {
      line: 7,
      identifiers: [
        { kind: 'x_user_id', value: '42' },
        { kind: 'x_handle', value: 'ada' },
        { kind: 'email', value: 'ada@example.com' },
        { kind: 'crypto', value: 'ethereum:0x00000000000000000000000000000000000000aa' },
        { kind: 'linkedin', value: 'https://www.linkedin.com/in/ada' },
      ],
      xUserId: '42',
      xHandle: 'ada',
      firstName: 'Ada',
      lastName: 'King Lovelace',
      tags: ['vip', 'x'],
      attributes: { company: 'Engines' },
    });
  });

  it('names every fault of a bad row, and refuses rows without an identifier or with the wrong width', () => {
    const map = mapColumns(['email', 'crypto_address', 'crypto_chain', 'first_name']);
    assert.deepEqual(readRow(['nope', '0x1', '', 'Ada'], 3, map), {
      line: 3,
      reason: 'invalid email "nope"; invalid ethereum address "0x1" (0x + 40 hex digits)',
    });
    assert.deepEqual(readRow(['', '', 'solana', 'Ada'], 4, map), {
      line: 4,
      reason: 'no identifier (x_user_id, x_handle, email, crypto_address or linkedin_url)',
    });
    assert.deepEqual(readRow(['a@b.co', 'Ada'], 5, map), { line: 5, reason: 'expected 4 columns, found 2' });
  });
});
