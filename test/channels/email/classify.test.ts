import assert from 'node:assert/strict';
import { inboundKind, permanentFailure, type InboundHeaders } from '../../../src/channels/email/classify';
import { dovecotOrSkip } from '../../support/mail/dovecot';

function headers(fields: Record<string, string>, subject = 'Re: Quick question', from = 'rita@example.net'): InboundHeaders {
  const byName = new Map(Object.entries(fields).map(([k, v]) => [k.toLowerCase(), [v]]));
  return { get: (name) => byName.get(name.toLowerCase()) ?? [], subject, from };
}

describe('email: telling replies from automatic mail and bounces', () => {
  it('takes a plain answer for a reply', () => {
    assert.equal(inboundKind(headers({ 'Return-Path': '<rita@example.net>' })), 'reply');
    assert.equal(inboundKind(headers({ 'Auto-Submitted': 'no' })), 'reply');
  });

  it('takes auto-submitted, vendor auto-reply, bulk, list and out-of-office mail for automatic', () => {
    for (const fields of <Record<string, string>[]>[
      { 'Auto-Submitted': 'auto-replied' },
      { 'Auto-Submitted': 'auto-generated' },
      { 'X-Autoreply': 'yes' },
      { 'X-Autorespond': 'vacation' },
      { Precedence: 'auto_reply' },
      { Precedence: 'junk' },
      { 'List-Id': '<news.example.net>' },
      { 'Return-Path': '<>' },
    ]) {
      assert.equal(inboundKind(headers(fields)), 'automatic', JSON.stringify(fields));
    }
    assert.equal(inboundKind(headers({}, 'Automatic reply: Quick question')), 'automatic');
    assert.equal(inboundKind(headers({}, 'Out of Office')), 'automatic');
  });

  it('takes delivery reports and the mailer daemon for bounces', () => {
    assert.equal(inboundKind(headers({ 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="x"' })), 'bounce');
    assert.equal(inboundKind(headers({ 'Return-Path': '<>' }, 'Undelivered Mail', 'mailer-daemon@mail.example.net')), 'bounce');
  });

  it('reads a permanent mailbox failure from a DSN or a bare enhanced status code', () => {
    assert.equal(permanentFailure('Action: failed\r\nStatus: 5.1.1\r\n'), '5.1.1');
    assert.equal(permanentFailure('Action: delayed\r\nStatus: 4.4.7\r\n'), undefined);
    assert.equal(permanentFailure('Action: failed\r\nStatus: 5.7.1\r\n'), undefined);
    assert.equal(permanentFailure('Action: failed\r\nStatus: 5.2.2\r\n'), undefined);
    assert.equal(permanentFailure('host said: 550 5.1.1 <x@y>: Recipient address rejected'), '5.1.1');
    assert.equal(permanentFailure('host said: 451 4.3.0 try later'), undefined);
  });
});

describe('test support: finding dovecot', () => {
  it('fails under CI with the install command, and skips elsewhere', () => {
    const missing = { DOVECOT_PATH: '/nonexistent/dovecot' };
    assert.throws(() => dovecotOrSkip({ skip: () => assert.fail('no skip under CI') }, { ...missing, CI: 'true' }), /apt-get install -y dovecot-imapd/);
    let skipped = false;
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      dovecotOrSkip({ skip: () => { skipped = true; return undefined as never; } }, missing);
    } finally {
      console.warn = warn;
    }
    assert.ok(skipped);
  });
});
