import assert from 'node:assert/strict';
import { inboundKind } from '../../../src/channels/email/classify';
import { deliveryReport, feedbackReport } from '../../../src/channels/email/reports';
import { parseHeaders } from '../../../src/channels/email/replies';
import { bounceOf, complaintOf, type Original } from '../../support/mail/mailbox';

const original: Original = {
  messageId: '<0123456789abcdef0123456789abcdef.outreach@outreach.example.com>',
  subject: 'Quick question',
  ours: 'sales@outreach.example.com',
  theirs: 'Rita@Example.NET',
};

const headersOf = (raw: string) => parseHeaders(Buffer.from(raw.slice(0, raw.indexOf('\r\n\r\n'))));

describe('email: reading bounces (RFC 3464) and complaints (RFC 5965)', () => {
  it('reads a hard bounce: the status and the recipient, normalised, from the DSN fields', () => {
    assert.deepEqual(deliveryReport(bounceOf(original, '5.1.1')), { kind: 'hard', status: '5.1.1', recipient: 'rita@example.net' });
  });

  it('takes 4.x.x, and permanent failures that say nothing of the mailbox (full, too big, policy), for soft', () => {
    for (const status of ['4.4.7', '4.2.2', '5.2.2', '5.3.4', '5.7.1']) {
      assert.equal(deliveryReport(bounceOf(original, status))?.kind, 'soft', status);
    }
    assert.equal(deliveryReport(bounceOf(original, '4.4.7', 'failed'))?.kind, 'soft', 'given up after delays');
  });

  it('prefers Original-Recipient (what we addressed) to Final-Recipient (after forwarding)', () => {
    const forwarded = bounceOf(original, '5.1.1').replace(`Final-Recipient: rfc822; ${original.theirs}`, 'Final-Recipient: rfc822; rita@forward.example.org');
    assert.equal(deliveryReport(forwarded)?.recipient, 'rita@example.net');
    const finalOnly = forwarded.replace(/^Original-Recipient:.*\r\n/m, '');
    assert.equal(deliveryReport(finalOnly)?.recipient, 'rita@forward.example.org');
  });

  it('reports nothing for a DSN that is no failure (delivered, relayed)', () => {
    assert.equal(deliveryReport(bounceOf(original, '2.0.0', 'delivered')), undefined);
    assert.equal(deliveryReport(bounceOf(original, '2.0.0', 'relayed')), undefined);
  });

  it('reads a bounce without DSN fields by its bare status code, the recipient from X-Failed-Recipients', () => {
    const exim = 'X-Failed-Recipients: rita@example.net\r\nSubject: Mail delivery failed\r\n\r\nSMTP error: 550 5.1.1 User unknown\r\n';
    assert.deepEqual(deliveryReport(exim), { kind: 'hard', status: '5.1.1', recipient: 'rita@example.net' });
    assert.deepEqual(deliveryReport('Subject: Delayed\r\n\r\n451 4.7.1 try again later'), { kind: 'soft', status: '4.7.1' });
    assert.equal(deliveryReport('Subject: hello\r\n\r\nno code here'), undefined);
    assert.equal(deliveryReport('Received: from [10.5.1.2]\r\n\r\nrelay 10.5.1.2 said: queued'), undefined);
  });

  it('reads a complaint: the feedback type and Original-Rcpt-To, or no recipient when the ISP redacted it', async () => {
    const arf = complaintOf(original);
    assert.equal(inboundKind(await headersOf(arf)), 'complaint');
    assert.deepEqual(feedbackReport(arf), { kind: 'complaint', status: 'abuse', recipient: 'rita@example.net' });
    assert.deepEqual(feedbackReport(complaintOf(original, { redacted: true })), { kind: 'complaint', status: 'abuse' });
    assert.equal(feedbackReport(complaintOf(original, { feedbackType: 'not-spam' })), undefined);
  });
});
